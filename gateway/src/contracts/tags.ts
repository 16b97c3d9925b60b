// The @tags of a supergraph, by schema coordinate: what the contract filters decide by.
import { Kind, parse, type DirectiveNode, type DocumentNode } from 'graphql';

/** Tags by schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
export type TagMap = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The tags of every schema element of a supergraph, by schema coordinate: `Type`, `Type.field`,
 * `Type.field(arg:)`, `Enum.VALUE`. Reads the @tag directive under the name the supergraph links it as.
 */
export function tagsOf(supergraph: string | DocumentNode): Map<string, Set<string>> {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const directive = tagDirectiveName(document);
  const tags = new Map<string, Set<string>>();
  const note = (coordinate: string, directives: readonly DirectiveNode[] | undefined) => {
    for (const d of directives ?? []) {
      if (d.name.value !== directive) continue;
      const name = d.arguments?.find((a) => a.name.value === 'name')?.value;
      if (name?.kind !== Kind.STRING) continue;
      let set = tags.get(coordinate);
      if (!set) tags.set(coordinate, (set = new Set()));
      set.add(name.value);
    }
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = definition.name.value;
    note(type, definition.directives);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        note(`${type}.${field.name.value}`, field.directives);
        for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) note(`${type}.${field.name.value}(${arg.name.value}:)`, arg.directives);
      }
    }
    if ('values' in definition) for (const value of definition.values ?? []) note(`${type}.${value.name.value}`, value.directives);
  }
  return tags;
}

/** Whether any element carries one of `among` (a contract with an include list and no such tag keeps nothing). */
export function anyTagged(tags: TagMap, among: readonly string[]): boolean {
  for (const set of tags.values()) for (const tag of set) if (among.includes(tag)) return true;
  return false;
}

function tagDirectiveName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const arg = (name: string) => link.arguments?.find((a) => a.name.value === name)?.value;
      const url = arg('url');
      const as = arg('as');
      if (url?.kind === Kind.STRING && url.value.includes('specs.apollo.dev/tag/')) return as?.kind === Kind.STRING ? as.value : 'tag';
    }
  }
  return 'tag';
}
