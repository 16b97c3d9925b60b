// The service document and $metadata (CSDL XML, OData v4.0) of the /odata/ service: one entity
// type per entity set, its key and typed properties — what Power BI's and Excel's OData
// connectors read first.
import type { EntitySet } from './entity-sets.ts';

export const NAMESPACE = 'Pleiadi';

const xml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function metadataXml(sets: ReadonlyMap<string, EntitySet>): string {
  const types = [...sets.values()].map((set) => {
    const properties = set.properties
      .map((p) => `        <Property Name="${xml(p.name)}" Type="${xml(p.type)}"${p.nullable ? '' : ' Nullable="false"'}/>`)
      .join('\n');
    return `      <EntityType Name="${xml(set.entityType)}">\n        <Key><PropertyRef Name="${xml(set.key)}"/></Key>\n${properties}\n      </EntityType>`;
  });
  const container = [...sets.values()].map((set) => `        <EntitySet Name="${xml(set.name)}" EntityType="${NAMESPACE}.${xml(set.entityType)}"/>`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types,
    '      <EntityContainer Name="Container">',
    ...container,
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

export function serviceDocument(root: string, sets: ReadonlyMap<string, EntitySet>) {
  return {
    '@odata.context': `${root}/$metadata`,
    value: [...sets.keys()].map((name) => ({ name, kind: 'EntitySet', url: name })),
  };
}
