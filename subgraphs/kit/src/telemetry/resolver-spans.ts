// With tracing on, each root field of a subgraph (`indicatorReport`, `_entities`, …) runs in a span
// of its own, so its SQL statements — DataLoader batches included — hang under the field that
// asked for them. With tracing off the resolvers are called as they are, nothing wrapped in between.
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { inSpan, tracingOn } from './tracing.ts';

const traced = new WeakSet<GraphQLSchema>();

export function traceRootFields(schema: GraphQLSchema, subgraph: string): void {
  if (traced.has(schema)) return; // a schema served twice in one process is wrapped once
  traced.add(schema);
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        if (!tracingOn()) return resolve(source, args, context, info);
        // Attributes name the field only: arguments may hold personal data.
        return inSpan(`resolve ${name}`, { 'graphql.field.path': name, 'pleiadi.subgraph': subgraph }, async () => resolve(source, args, context, info));
      };
    }
  }
}
