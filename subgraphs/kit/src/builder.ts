// The Pothos builder every subgraph starts from: the same plugins in the same order, the same
// scalars, the same connection shape, so the six partners' schemas read alike and compose.
import SchemaBuilder, { type ArgBuilder, type ObjectRef } from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import type { AuditRecordRow } from './audit.ts';
import type { SubgraphContext, Role } from './context.ts';
import { badUserInput, ErrorCode } from './errors.ts';
import { factsBytes, parseReportKey, type IndicatorReportKey, type PackedFacts } from './indicator-facts.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from './pagination.ts';
import { isIsoDate } from './validation.ts';

export interface AuthScopes {
  /** Anyone, including anonymous callers (where the gateway lets them in). */
  public: boolean;
  /** Any signed-in caller: the region, a partner operator, a BI tool. */
  authenticated: boolean;
  /** Callers with this role. */
  role: Role;
  /** Operators of this partner (registry id), e.g. `cpia-bologna`. */
  partner: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SubgraphTypes<Ctx extends SubgraphContext<any>> {
  Context: Ctx;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    Date: { Input: string; Output: string };
  };
}

interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface SubgraphBuilderOptions {
  /**
   * `signed-in`: the fields this subgraph adds to the shared entities (Municipality, Ambit,
   * Partner) are for signed-in callers only, like its operational data. Default `public`.
   */
  entityFieldAccess?: 'public' | 'signed-in';
  /**
   * `@tag`s for this subgraph's PageInfo type, e.g. `['public']` where a contract must keep it.
   * Composition merges the tags of every subgraph's PageInfo. Default none.
   */
  pageInfoTag?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createSubgraphBuilder<Ctx extends SubgraphContext<any>>(options: SubgraphBuilderOptions = {}) {
  type Types = PothosSchemaTypes.ExtendDefaultTypes<SubgraphTypes<Ctx>>;
  // Auth wraps resolvers, so it comes first; directives must precede federation.
  const builder = new SchemaBuilder<SubgraphTypes<Ctx>>({
    plugins: [ScopeAuthPlugin, DirectivePlugin, DataloaderPlugin, FederationPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      authScopes: (context) => ({
        public: true,
        authenticated: context.viewer.role !== 'anonymous',
        role: (role) => context.viewer.role === role,
        partner: (partnerId) => context.viewer.role === 'partner' && context.viewer.partnerId === partnerId,
      }),
      unauthorizedError: (_parent, context, info, result) => {
        // A refused personal field (one guarded by a partner scope) goes into the audit trail.
        if (mentionsScope(result.failure, 'partner')) context.audit.denied(`${info.parentType.name}.${info.fieldName}`);
        return new GraphQLError('Not allowed for this caller.', { extensions: { code: ErrorCode.FORBIDDEN } });
      },
    },
  });

  builder.scalarType('Date', {
    description: 'A calendar date, ISO 8601 (YYYY-MM-DD).',
    serialize: (value) => String(value),
    parseValue: (value) => parseDate(value),
    parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
  });

  // Every subgraph defines the same PageInfo; federation needs it marked shareable.
  const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
    shareable: true,
    ...(options.pageInfoTag ? { tag: options.pageInfoTag } : {}),
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
      startCursor: t.exposeString('startCursor', { nullable: true }),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

  /**
   * `<Name>Connection` and `<Name>Edge` for a node type, resolving from a `Page`. `shareable`
   * when several subgraphs define the same connection (e.g. AuditRecordConnection). `tag`: the
   * `@tag`s of both types (a type's tag covers all its fields in the API contracts).
   */
  function connection<T>(name: string, node: ObjectRef<Types, T>, options: { shareable?: boolean; tag?: string[] } = {}) {
    const shareable = options.shareable ?? false;
    const tag = options.tag ? { tag: options.tag } : {};
    const Edge = builder.objectRef<{ node: T; cursor: string }>(`${name}Edge`).implement({
      shareable,
      ...tag,
      fields: (t) => ({
        cursor: t.exposeString('cursor'),
        // Generic over T, so the resolver result cannot be checked here; the shapes match by construction.
        node: t.field({ type: node, resolve: (edge) => edge.node as never }),
      }),
    });
    return builder.objectRef<Page<T>>(`${name}Connection`).implement({
      shareable,
      ...tag,
      description: `A page of ${name} items. Pass pageInfo.endCursor as "after" to read on.`,
      fields: (t) => ({
        totalCount: t.int({ description: 'Items matching the filter, on all pages.', resolve: (page) => page.totalCount() }),
        pageInfo: t.field({
          type: PageInfo,
          resolve: (page) => ({
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: page.cursors[0] ?? null,
            endCursor: page.cursors[page.cursors.length - 1] ?? null,
          }),
        }),
        edges: t.field({
          type: [Edge],
          resolve: (page) => page.nodes.map((n, i) => ({ node: n, cursor: page.cursors[i] })),
        }),
        nodes: t.field({ type: [node], resolve: (page) => page.nodes as never }),
      }),
    });
  }

  /** The `first` / `after` arguments of every connection field. */
  function pageArgs(arg: ArgBuilder<Types>) {
    return {
      first: arg.int({
        description: `Page size, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
        defaultValue: DEFAULT_PAGE_SIZE,
      }),
      after: arg.string({ description: 'The endCursor of the previous page.' }),
    };
  }

  // The shared entities owned by other subgraphs, referenced here by key only: Municipality and
  // Ambit (owned by anci), Partner (owned by region). Defined on first use, once per builder.
  const entityScopes = options.entityFieldAccess === 'signed-in' ? { authScopes: { authenticated: true } } : {};
  const once = <T>(define: () => T) => {
    let ref: T | undefined;
    return () => (ref ??= define());
  };
  const externalMunicipality = once(() =>
    builder.externalRef('Municipality', builder.selection<{ istatCode: string }>('istatCode')).implement({
      ...entityScopes,
      externalFields: () => ({}),
      fields: (t) => ({ istatCode: t.exposeString('istatCode') }),
    }),
  );
  const externalAmbit = once(() =>
    builder.externalRef('Ambit', builder.selection<{ code: string }>('code')).implement({
      ...entityScopes,
      externalFields: () => ({}),
      fields: (t) => ({ code: t.exposeString('code') }),
    }),
  );
  const externalPartner = once(() =>
    builder.externalRef('Partner', builder.selection<{ id: string }>('id')).implement({
      ...entityScopes,
      externalFields: () => ({}),
      fields: (t) => ({ id: t.exposeID('id') }),
    }),
  );

  // The audit trail as the owning partner and the region read it: the same shareable types in
  // every subgraph that keeps one; each subgraph adds its own root field (see auditRecordPage).
  const auditRecordConnection = once(() => {
    type Row = AuditRecordRow;
    const AuditEntityCount = builder.objectRef<{ entityType: string; records: number }>('AuditEntityCount').implement({
      shareable: true,
      fields: (t) => ({ entityType: t.exposeString('entityType'), records: t.exposeInt('records') }),
    });
    const AuditRecord = builder.objectRef<Row>('AuditRecord').implement({
      shareable: true,
      description: 'Who reached personal or pseudonymous data, how and when. It never holds the data itself.',
      fields: (t) => ({
        id: t.id({ resolve: (r) => `${r.subgraph}:${r.store}:${r.id}` }),
        recordedAt: t.string({ description: 'ISO 8601 timestamp.', resolve: (r) => new Date(r.recorded_at).toISOString() }),
        subgraph: t.exposeString('subgraph'),
        subject: t.exposeString('subject', { nullable: true }),
        role: t.exposeString('role'),
        partnerId: t.exposeString('partner_id', { nullable: true }),
        ambit: t.exposeString('ambit', { nullable: true }),
        purpose: t.exposeString('purpose', { nullable: true }),
        operationName: t.exposeString('operation_name', { nullable: true }),
        operationHash: t.exposeString('operation_hash', { nullable: true }),
        entityCounts: t.field({
          type: [AuditEntityCount],
          resolve: (r) => Object.entries(r.entities).map(([entityType, records]) => ({ entityType, records })),
        }),
        deniedFields: t.exposeStringList('denied'),
        outcome: t.exposeString('outcome'),
      }),
    });
    return connection('AuditRecord', AuditRecord, { shareable: true });
  });

  /**
   * This subgraph's facts for the region's cross-partner indicators (see indicator-facts.ts): a
   * field `<subgraph>IndicatorFacts` on the `IndicatorReport` entity, @inaccessible so no client
   * can select it; only the region's figures, which @require it, read it inside the graph.
   * Facts about people derive from pseudonyms and are audited like any read of them; facts about
   * authorities or items (`audited: false`) are not. `signedIn`: for signed-in callers only.
   */
  function indicatorFacts(
    field: string,
    load: (key: IndicatorReportKey, ctx: Ctx) => Promise<PackedFacts | PackedFacts[]>,
    options: { audited?: boolean; signedIn?: boolean } = {},
  ) {
    const audited = options.audited ?? true;
    const IndicatorReport = builder.objectRef<{ key: string }>('IndicatorReport');
    builder.asEntity(IndicatorReport, { key: builder.selection<{ key: string }>('key'), resolveReference: (report) => report });
    IndicatorReport.implement({
      ...entityScopes,
      fields: (t) => ({
        key: t.exposeString('key', { inaccessible: true }),
        [field]: t.string({
          inaccessible: true,
          // Null (with the error) when this partner's database fails: the region then refuses to
          // compute figures that would silently miss this partner's people.
          nullable: true,
          ...(options.signedIn ? { authScopes: { authenticated: true } } : {}),
          description: 'Per-report subjects, breakdown attributes and record keys of who or what was counted where in the period (base64, 17-byte records).',
          resolve: async (report, _args, ctx) => {
            const loaded = await load(parseReportKey(report.key), ctx);
            const packed = Array.isArray(loaded) ? loaded : [loaded];
            if (audited) ctx.audit.touched('IndicatorFacts', packed.reduce((n, p) => n + p.length, 0));
            const bytes = factsBytes(packed);
            // Megabytes at 100,000 people: copied into the answer as they are (spliced-json.ts).
            return ctx.longStrings ? ctx.longStrings.base64(bytes) : bytes.toString('base64');
          },
        }),
      }),
    });
    return IndicatorReport;
  }

  return { builder, connection, pageArgs, PageInfo, externalMunicipality, externalAmbit, externalPartner, auditRecordConnection, indicatorFacts };
}

function mentionsScope(failure: unknown, scope: string): boolean {
  const f = failure as { scope?: string; failures?: unknown[] } | undefined;
  return !!f && (f.scope === scope || (f.failures ?? []).some((inner) => mentionsScope(inner, scope)));
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw badUserInput(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(value)?.slice(0, 40)}.`);
  }
  return value;
}
