// /bi/openapi.json: an OpenAPI 3.1 document of every table feed — one path per operation and
// format, its parameters (the operation's variables, typed from the API schema, and `limit`) and
// the columns of its rows (components/schemas/<Operation>Row).
import { getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { BiOperation } from './operations.ts';
import { MAX_LIMIT } from './parameters.ts';
import type { Column } from './table-shape.ts';
import { variableType } from './table-shape.ts';

type Json = Record<string, unknown>;

function inputSchema(type: GraphQLInputType): Json {
  const inner = getNullableType(type);
  if (isListType(inner)) return { type: 'array', items: inputSchema(inner.ofType) };
  if (isEnumType(inner)) return { type: 'string', enum: inner.getValues().map((v) => v.name) };
  if (isInputObjectType(inner)) return { type: 'string', contentMediaType: 'application/json', description: `${inner.name} as JSON, or field by field as <name>.<field>=…` };
  if (isScalarType(inner)) {
    if (inner.name === 'Int') return { type: 'integer' };
    if (inner.name === 'Float') return { type: 'number' };
    if (inner.name === 'Boolean') return { type: 'boolean' };
    if (inner.name === 'Date') return { type: 'string', format: 'date' };
  }
  return { type: 'string' };
}

function columnSchema(column: Column): Json {
  const type = column.kind === 'list' ? 'array' : column.kind;
  return { type: column.nullable ? [type, 'null'] : type, description: `${column.path.join('.')}: ${column.graphqlType}`, ...(type === 'array' ? { items: {} } : {}) };
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } } });

export function openApiDocument(schema: GraphQLSchema, operations: ReadonlyMap<string, BiOperation>, server: string): Json {
  const paths: Json = {};
  const schemas: Json = {
    Errors: {
      type: 'object',
      required: ['errors'],
      properties: {
        errors: {
          type: 'array',
          items: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, extensions: { type: 'object', properties: { code: { type: 'string' } } } } },
        },
      },
    },
  };
  for (const table of operations.values()) {
    const paged = new Set([table.shape.connection?.afterVariable, table.shape.connection?.firstVariable]);
    const parameters = (table.operation.variableDefinitions ?? [])
      .filter((d) => !paged.has(d.variable.name.value))
      .map((d) => {
        const type = variableType(schema, table.operation, d.variable.name.value)!;
        return { name: d.variable.name.value, in: 'query', required: isNonNullType(type) && !d.defaultValue, schema: inputSchema(type), description: `GraphQL variable $${d.variable.name.value}: ${String(type)}` };
      });
    parameters.push({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_LIMIT }, description: 'At most this many rows (default: all).' });
    const row = `${table.name}Row`;
    schemas[row] = {
      type: 'object',
      description: `One row of ${table.name}: the nodes of ${table.shape.rowPath.join('.') || 'the answer'}, nested objects flattened with "_".`,
      properties: Object.fromEntries(table.shape.columns.map((c) => [c.name, columnSchema(c)])),
      required: table.shape.columns.map((c) => c.name),
    };
    const content: Record<string, Json> = {
      csv: { 'text/csv': { schema: { type: 'string', description: `Header row: ${table.shape.columns.map((c) => c.name).join(',')}` } } },
      ndjson: { 'application/x-ndjson': { schema: { $ref: `#/components/schemas/${row}` } } },
      json: { 'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${row}` } } } },
    };
    for (const format of ['csv', 'ndjson', 'json'] as const) {
      paths[`/bi/${table.name}.${format}`] = {
        get: {
          operationId: `${table.name}_${format}`,
          summary: `${table.name} as ${format.toUpperCase()}`,
          description: table.description || undefined,
          tags: [table.name],
          parameters,
          responses: {
            '200': { description: 'Every row, streamed page by page.', headers: { ETag: { schema: { type: 'string' } } }, content: content[format] },
            '304': { description: 'Unchanged since the ETag in If-None-Match.' },
            '400': errorResponse('A parameter is missing, unknown or not of its type (BAD_PARAMETER, MISSING_PARAMETER, UNKNOWN_PARAMETER).'),
            '401': errorResponse('No valid credentials (UNAUTHENTICATED, BI_KEY_INVALID, BI_KEY_REVOKED, BI_KEY_EXPIRED).'),
            '403': errorResponse('The key does not open this feed (BI_KEY_OUT_OF_SCOPE), or the role may not read it (FORBIDDEN).'),
          },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PLEIADI graph — BI table feeds',
      version: '1.0.0',
      description: 'Every registered operation of the graph as a table (CSV, NDJSON, JSON). Authenticate with a BI key (Bearer, or the password of HTTP Basic) or a bearer token; anonymous callers see public data only.',
    },
    servers: [{ url: server }],
    security: [{}, { biKey: [] }, { basic: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { biKey: { type: 'http', scheme: 'bearer', description: 'pbk_… key or a JWT' }, basic: { type: 'http', scheme: 'basic', description: 'any user name, the pbk_… key as password' } },
    },
  };
}
