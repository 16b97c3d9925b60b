// The OData entity sets: aggregate, non-personal tables. Each is read through a registered
// operation (schema/operations/Feed*.graphql, CpiaCourses.graphql) run by the gateway's own
// pipeline as the caller — so safelist mode, contracts, role rules, perturbation and audit apply
// as on /graphql. Properties are the operation's columns (table-shape.ts), typed from GraphQL;
// IndicatorCells unfolds the indicator report of every started reporting period into cells.
import { FeedError } from '../auth/bi-keys.ts';
import type { BiOperation } from '../bi/operations.ts';
import { pullPages } from '../bi/pull.ts';
import type { Column } from '../bi/table-shape.ts';
import { flattenRow } from '../bi/table-shape.ts';
import { indicatorCells, INDICATOR_CELL_PROPERTIES } from './indicator-cells.ts';
import type { EntitySet } from './types.ts';

export type { EntitySet, Property, RowContext } from './types.ts';

const TABLES: [set: string, entityType: string, operation: string, key: string][] = [
  ['Ambits', 'Ambit', 'FeedAmbits', 'code'],
  ['Provinces', 'Province', 'FeedProvinces', 'code'],
  ['Municipalities', 'Municipality', 'FeedMunicipalities', 'istatCode'],
  ['CpiaCourses', 'CpiaCourse', 'CpiaCourses', 'id'],
  ['AtsServicePoints', 'AtsServicePoint', 'FeedAtsServicePoints', 'id'],
  ['CommsCampaigns', 'CommsCampaign', 'FeedCommsCampaigns', 'id'],
  ['IalEmployers', 'IalEmployer', 'FeedIalEmployers', 'id'],
];

export function edmType(column: Column): string {
  const named = column.graphqlType.replace(/[[\]!]/g, '');
  const scalar = ({ Int: 'Edm.Int32', Float: 'Edm.Double', Boolean: 'Edm.Boolean', Date: 'Edm.Date' } as Record<string, string>)[named] ?? 'Edm.String';
  if (column.kind !== 'list') return scalar;
  // A list of scalars or enum values is a collection; a list of objects is JSON text.
  return column.graphqlType.includes('[') && /^(String|ID|Int|Float|Boolean|Date|[A-Z][A-Za-z]*(Kind|Channel|Language|Code|Level))$/.test(named) ? `Collection(${scalar})` : 'Edm.String';
}

function tableSet(name: string, entityType: string, table: BiOperation, key: string): EntitySet {
  const columns = table.shape.columns;
  return {
    name,
    entityType,
    key,
    properties: columns.map((c) => ({ name: c.name, type: edmType(c), nullable: c.name === key ? false : c.nullable })),
    async *rows({ deps, viewer, requestScope }) {
      for await (const page of pullPages({ apollo: deps.apollo, viewer, requestScope, table, variables: {} })) {
        yield page.map((node) => {
          const values = flattenRow(node, columns);
          const row: Record<string, unknown> = {};
          columns.forEach((c, i) => {
            const value = values[i];
            row[c.name] = Array.isArray(value) && edmType(c) === 'Edm.String' ? JSON.stringify(value) : value;
          });
          return row;
        });
      }
    },
  };
}

export function entitySets(operations: ReadonlyMap<string, BiOperation>): Map<string, EntitySet> {
  const sets = new Map<string, EntitySet>();
  const periods = operations.get('FeedReportingPeriods');
  const cells = operations.get('FeedIndicatorCells');
  if (periods && cells) {
    sets.set('IndicatorCells', {
      name: 'IndicatorCells',
      entityType: 'IndicatorCell',
      key: 'id',
      properties: INDICATOR_CELL_PROPERTIES,
      rows: (context) => indicatorCells(context, periods, cells),
    });
  }
  for (const [name, entityType, operation, key] of TABLES) {
    const table = operations.get(operation);
    if (table && table.shape.columns.some((c) => c.name === key)) sets.set(name, tableSet(name, entityType, table, key));
  }
  return sets;
}

export function unknownSet(name: string, sets: ReadonlyMap<string, EntitySet>): FeedError {
  return new FeedError(404, 'NOT_FOUND', `No entity set "${name.slice(0, 60)}": the service has ${[...sets.keys()].join(', ')} (see /odata/$metadata).`);
}

