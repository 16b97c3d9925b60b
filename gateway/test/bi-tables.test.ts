// The BI table rule (gateway/src/bi/): which list gives the rows, how columns are named, how query
// parameters become variables, and how CSV is written — on the real supergraph and registered operations.
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATIONS_DIR } from '../src/admission/safelist.ts';
import { DEFAULT_SUPERGRAPH_PATH } from '../src/config.ts';
import { FeedError } from '../src/auth/bi-keys.ts';
import { biKeyOf } from '../src/auth/bi-keys.ts';
import { notModified } from '../src/bi/etag.ts';
import { encoder } from '../src/bi/formats.ts';
import { loadBiOperations } from '../src/bi/operations.ts';
import { tableRequest } from '../src/bi/parameters.ts';
import { flattenRow, tableShape } from '../src/bi/table-shape.ts';

const schema = Supergraph.build(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
const operations = loadBiOperations(DEFAULT_OPERATIONS_DIR, schema);
const shapeOf = (text: string) => tableShape(schema, parse(text).definitions[0] as OperationDefinitionNode, {});
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof FeedError ? `${error.status} ${error.code}` : String(error);
  }
  return 'no error';
};

describe('table shape', () => {
  it('pages a connection through its nodes and flattens nested objects with "_"', () => {
    const shape = operations.get('CpiaCourses')!.shape;
    expect(shape.rowPath).toEqual(['cpiaCourses', 'nodes']);
    expect(shape.connection).toEqual({ path: ['cpiaCourses'], afterVariable: 'after', firstVariable: 'first' });
    expect(shape.columns.map((c) => c.name)).toContain('site_municipality_name');
    const column = shape.columns.find((c) => c.name === 'site_municipality_name')!;
    expect(column.path).toEqual(['site', 'municipality', 'name']);
    expect(flattenRow({ id: '1', site: { municipality: { name: 'Bologna' } } }, [column])).toEqual(['Bologna']);
  });

  it('takes the first list in document order, keeps aliases, lists inside a row as one column, and renames clashes', () => {
    const shape = shapeOf('query Q { periods: reportingPeriods { code } indicatorDefinitions { code } }');
    expect(shape.rowPath).toEqual(['periods']);
    expect(shape.connection).toBeUndefined();
    const nested = shapeOf('query Q { ambits { code x: name provinces { code } code_2: name } }');
    expect(nested.columns.map((c) => [c.name, c.kind])).toEqual([['code', 'string'], ['x', 'string'], ['provinces', 'list'], ['code_2', 'string']]);
    const clash = shapeOf('query Q { provinces { ambit_code: name ambit { code } } }');
    expect(clash.columns.map((c) => c.name)).toEqual(['ambit_code', 'ambit_code_2']);
    expect(shapeOf('query Q { programme { code } }')).toMatchObject({ rowPath: [], columns: [{ name: 'programme_code' }] });
  });

  it('serves every registered query', () => {
    expect([...operations.keys()]).toEqual(expect.arrayContaining(['CpiaCourses', 'IndicatorCatalogue', 'MunicipalitiesOfAmbit', 'RegionalDashboard', 'FeedIndicatorCells']));
  });
});

describe('parameters', () => {
  const courses = operations.get('CpiaCourses')!;
  const municipalities = operations.get('MunicipalitiesOfAmbit')!;
  const params = (query: string) => new URLSearchParams(query);

  it('become variables checked against their GraphQL types', () => {
    expect(tableRequest(schema, municipalities, params('ambit=ROMAGNA&limit=10'))).toEqual({ variables: { ambit: 'ROMAGNA' }, limit: 10 });
    expect(tableRequest(schema, courses, params('filter.ambit=BOLOGNA&filter.kind=ITALIAN_L2_A2')).variables).toEqual({ filter: { ambit: 'BOLOGNA', kind: 'ITALIAN_L2_A2' } });
    expect(tableRequest(schema, courses, params('filter={"ambit":"BOLOGNA"}')).variables).toEqual({ filter: { ambit: 'BOLOGNA' } });
  });

  it('are refused with a stable code when missing, unknown, reserved or of the wrong type', () => {
    expect(failure(() => tableRequest(schema, municipalities, params('')))).toBe('400 MISSING_PARAMETER');
    expect(failure(() => tableRequest(schema, municipalities, params('ambit=X&colour=red')))).toBe('400 UNKNOWN_PARAMETER');
    expect(failure(() => tableRequest(schema, municipalities, params('ambit=X&after=abc')))).toBe('400 UNKNOWN_PARAMETER');
    expect(failure(() => tableRequest(schema, courses, params('filter.colour=red')))).toBe('400 UNKNOWN_PARAMETER');
    expect(failure(() => tableRequest(schema, courses, params('filter.kind=NOT_A_KIND')))).toBe('400 BAD_PARAMETER');
    expect(failure(() => tableRequest(schema, courses, params('filter={')))).toBe('400 BAD_PARAMETER');
    expect(failure(() => tableRequest(schema, courses, params('limit=-1')))).toBe('400 BAD_PARAMETER');
    expect(failure(() => tableRequest(schema, courses, params('limit=1&limit=2')))).toBe('400 BAD_PARAMETER');
  });
});

describe('formats and validators', () => {
  const columns = operations.get('MunicipalitiesOfAmbit')!.shape.columns.slice(0, 3);
  it('write RFC 4180 CSV: header, CRLF, quotes where needed, null empty, lists as JSON', () => {
    const csv = encoder('csv', columns);
    expect(csv.head()).toBe('istatCode,name,province_code\r\n');
    expect(csv.rows([['037006', 'Reggio, "nell\'Emilia"', null], ['1', ['a', 'b'], ' x']])).toBe('037006,"Reggio, ""nell\'Emilia""",\r\n1,"[""a"",""b""]"," x"\r\n');
    const json = encoder('json', columns);
    expect(JSON.parse(json.head() + json.rows([['1', 'a', null]]) + json.rows([['2', 'b', 'c']]) + json.tail())).toEqual([
      { istatCode: '1', name: 'a', province_code: null },
      { istatCode: '2', name: 'b', province_code: 'c' },
    ]);
    const empty = encoder('json', columns);
    expect(JSON.parse(empty.head() + empty.tail())).toEqual([]);
  });

  it('compare validators as RFC 9110 says', () => {
    const current = { etag: '"abc"', since: new Date('2026-12-01T10:00:00Z') };
    expect(notModified({ 'if-none-match': '"abc"' }, current)).toBe(true);
    expect(notModified({ 'if-none-match': 'W/"abc", "x"' }, current)).toBe(true);
    expect(notModified({ 'if-none-match': '"x"', 'if-modified-since': 'Tue, 01 Dec 2026 11:00:00 GMT' }, current)).toBe(false);
    expect(notModified({ 'if-modified-since': 'Tue, 01 Dec 2026 11:00:00 GMT' }, current)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Tue, 01 Dec 2026 09:00:00 GMT' }, current)).toBe(false);
  });

  it('read a BI key from a bearer header or an HTTP Basic password', () => {
    const key = `pbk_0123456789ab_${'x'.repeat(43)}`;
    expect(biKeyOf(`Bearer ${key}`)).toBe(key);
    expect(biKeyOf(`Basic ${Buffer.from(`powerbi:${key}`).toString('base64')}`)).toBe(key);
    expect(biKeyOf('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x')).toBeUndefined();
    expect(biKeyOf(undefined)).toBeUndefined();
  });
});
