// `npm run check -- <subgraph>`: a subgraph's new SDL, composed with the others' committed SDLs,
// must not break the graph's clients unless the break is deliberate.
// Modified SDLs are built by editing the committed subgraphs/<name>/schema.graphql text.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { buildSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSubgraph, formatReport, type CheckReport } from '../src/check.ts';
import { OPERATIONS_DIR, readLeadingComment } from '../src/operations.ts';
import { readRegistry, sdlPath } from '../src/registry.ts';
import { diffApiSchemas } from '../src/schema-diff.ts';

const committedSdl = (name: string) => readFileSync(sdlPath(readRegistry().find((entry) => entry.name === name)!), 'utf8');

/** Applies `edit` to the body of the definition whose first line matches `header` (up to its closing brace). */
function editDefinition(sdl: string, header: RegExp, edit: (body: string) => string): string {
  const match = new RegExp(header.source, 'm').exec(sdl);
  if (!match) throw new Error(`no definition matches ${header}`);
  const end = sdl.indexOf('\n}', match.index);
  const body = sdl.slice(match.index, end);
  const edited = edit(body);
  if (edited === body) throw new Error(`the edit of ${header} changed nothing: the committed SDL no longer looks as this test expects`);
  return sdl.slice(0, match.index) + edited + sdl.slice(end);
}

const anci = committedSdl('anci');
const withoutMunicipalityProvince = editDefinition(anci, /^type Municipality\b/, (body) => body.replace(/^ *province: Province!.*\n/m, ''));

// The cases below count the operations a change hits: they read a fixed set of the registered
// operations, so a client registering a new one does not move their verdicts.
const OPERATIONS = mkdtempSync(path.join(tmpdir(), 'check-operations-'));
for (const name of ['CpiaCourses', 'IndicatorCatalogue', 'MunicipalitiesOfAmbit', 'RegionalDashboard']) {
  copyFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), path.join(OPERATIONS, `${name}.graphql`));
}
afterAll(() => rmSync(OPERATIONS, { recursive: true, force: true }));

const coordinates = (changes: { coordinate: string | null }[]) => changes.map((change) => change.coordinate);

describe('the committed state', () => {
  it.each(readRegistry().map((entry) => entry.name))('checks clean for %s', async (name) => {
    const report = await checkSubgraph(name, { sdl: committedSdl(name) });
    expect(report.compositionErrors).toEqual([]);
    expect(report).toMatchObject({ composed: true, ok: true, breaking: [], dangerous: [], safe: [], brokenOperations: [], affectedOperations: [] });
    expect(report.operationsChecked).toBeGreaterThanOrEqual(3);
    expect(formatReport(report)).toMatch(/Result: OK — nothing breaks\./);
  });
});

describe('breaking changes', () => {
  it('a field leaving an audience\'s contract (its public tag dropped) breaks that audience', async () => {
    const region = committedSdl('region');
    const untagged = editDefinition(region, /^type Programme\b/, (body) => body.replace(/^( *title: String!) @tag\(name: "public"\)/m, '$1'));
    const report = await checkSubgraph('region', { operationsDir: OPERATIONS, sdl: untagged });
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([expect.objectContaining({ coordinate: 'Programme.title', description: expect.stringMatching(/^\[public contract\]/) })]);
  });

  it('removing a field a registered operation uses names the operation and its file', async () => {
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: withoutMunicipalityProvince });
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([
      expect.objectContaining({ type: 'FIELD_REMOVED', coordinate: 'Municipality.province', operations: expect.arrayContaining(['MunicipalitiesOfAmbit']) }),
    ]);
    expect(report.brokenOperations).toEqual([
      expect.objectContaining({
        operation: 'MunicipalitiesOfAmbit',
        file: expect.stringMatching(/\/MunicipalitiesOfAmbit\.graphql$/),
        alreadyBroken: false,
        messages: [expect.stringMatching(/Cannot query field "province" on type "Municipality"/)],
      }),
    ]);
    expect(report.affectedOperations).toEqual([
      { operation: 'MunicipalitiesOfAmbit', file: expect.stringMatching(/\/MunicipalitiesOfAmbit\.graphql$/), clients: [], broken: true, changes: ['Municipality.province'] },
    ]);
    const text = formatReport(report);
    expect(text).toMatch(/Municipality\.province \[FIELD_REMOVED\]/);
    expect(text).toMatch(/✗ MunicipalitiesOfAmbit — \S*\/MunicipalitiesOfAmbit\.graphql/);
    expect(text).toMatch(/Result: FAILED — 1 breaking change, 1 registered operation broken\./);
  });

  it('removing a field no operation uses is breaking but breaks no operation', async () => {
    const sdl = editDefinition(anci, /^type OperatorTraining\b/, (body) => body.replace(/^ *provider: String!.*\n/m, ''));
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([expect.objectContaining({ type: 'FIELD_REMOVED', coordinate: 'OperatorTraining.provider', operations: [] })]);
    expect(report.brokenOperations).toEqual([]);
    expect(report.affectedOperations).toEqual([]);
  });

  it('renaming an enum value is breaking, with a hint to deprecate instead', async () => {
    const sdl = editDefinition(anci, /^enum TrainingMode\b/, (body) => body.replace(/^( *)ONLINE\b/m, '$1REMOTE'));
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([
      expect.objectContaining({ type: 'ENUM_VALUE_REMOVED', coordinate: 'TrainingMode.ONLINE', hint: expect.stringMatching(/renamed to TrainingMode\.REMOTE.*@deprecated/) }),
    ]);
    expect(coordinates(report.dangerous)).toEqual(['TrainingMode.REMOTE']);
  });

  it('adding a required argument is breaking (graphql-js reports it) and touches the operations selecting the field', async () => {
    const sdl = editDefinition(anci, /^type Query\b/, (body) => body.replace(/^( *)ambits: /m, '$1ambits(region: String!): '));
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report.ok).toBe(false);
    expect(report.breaking).toEqual([expect.objectContaining({ type: 'FIELD_ARGUMENT_ADDED', coordinate: 'Query.ambits(region:)' })]);

    const withArgOnUsedField = editDefinition(anci, /^type Query\b/, (body) => body.replace(/^( *)filter: MunicipalityFilter\n/m, '$1filter: MunicipalityFilter\n$1region: String!\n'));
    const used = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: withArgOnUsedField });
    expect(used.breaking).toEqual([expect.objectContaining({ type: 'FIELD_ARGUMENT_ADDED', coordinate: 'Query.municipalities(region:)', operations: expect.arrayContaining(['MunicipalitiesOfAmbit']) })]);
    expect(used.brokenOperations).toEqual([
      expect.objectContaining({ operation: 'MunicipalitiesOfAmbit', messages: [expect.stringMatching(/argument "region" of type "String!" is required/)] }),
    ]);
  });

  it('an operation that still validates but uses a changed element is named as affected', async () => {
    // `$first: Int = 100` may still be passed to an Int! argument, but an explicit null now fails.
    const sdl = editDefinition(anci, /^type Query\b/, (body) => body.replace(/(municipalities\(\s*filter: MunicipalityFilter\s*"""[^"]*"""\s*)first: Int = 50/, '$1first: Int!'));
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report.breaking).toEqual([expect.objectContaining({ type: 'FIELD_ARGUMENT_TYPE_CHANGED', coordinate: 'Query.municipalities(first:)', operations: expect.arrayContaining(['MunicipalitiesOfAmbit']) })]);
    expect(report.brokenOperations).toEqual([]);
    expect(report.affectedOperations).toEqual([expect.objectContaining({ operation: 'MunicipalitiesOfAmbit', broken: false, changes: ['Query.municipalities(first:)'] })]);
    expect(formatReport(report)).toMatch(/! MunicipalitiesOfAmbit .* still validates, but uses Query\.municipalities\(first:\)/);
  });
});

describe('changes that do not break', () => {
  it('an optional field and a new type are safe: exit 0', async () => {
    let sdl = editDefinition(anci, /^type Municipality\b/, (body) => `${body}\n  population(year: Int): Int`);
    sdl = editDefinition(sdl, /^type Query\b/, (body) => `${body}\n  censusYears: [CensusYear!]!`);
    sdl += '\ntype CensusYear {\n  year: Int!\n  publishedOn: Date\n}\n';
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report).toMatchObject({ ok: true, breaking: [], dangerous: [], brokenOperations: [] });
    expect(coordinates(report.safe)).toEqual(['CensusYear', 'Municipality.population', 'Query.censusYears']);
    expect(formatReport(report)).toMatch(/Result: OK — nothing breaks\./);
  });

  it('an added enum value is dangerous, exit 0', async () => {
    const sdl = editDefinition(anci, /^enum MemberRole\b/, (body) => `${body}\n  OBSERVER`);
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report).toMatchObject({ ok: true, breaking: [], brokenOperations: [] });
    expect(report.dangerous).toEqual([expect.objectContaining({ type: 'ENUM_VALUE_ADDED', coordinate: 'MemberRole.OBSERVER' })]);
    expect(formatReport(report)).toMatch(/Result: OK — nothing breaks; 1 dangerous change to tell clients about\./);
  });

  it('an added enum value names the operations that read that enum', async () => {
    const region = committedSdl('region');
    const sdl = editDefinition(region, /^enum ReportingPeriodKind\b/, (body) => `${body}\n  MONTH`);
    const report = await checkSubgraph('region', { operationsDir: OPERATIONS, sdl });
    expect(report.ok).toBe(true);
    expect(report.dangerous).toEqual([expect.objectContaining({ coordinate: 'ReportingPeriodKind.MONTH', operations: expect.arrayContaining(['IndicatorCatalogue']) })]);
  });
});

describe('composition errors', () => {
  it('a field redefined with another type fails, naming subgraphs, type and field, with the fix', async () => {
    const sdl = editDefinition(anci, /^type PageInfo\b/, (body) => body.replace(/hasNextPage: Boolean!/, 'hasNextPage: Int!'));
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl, allowBreaking: 'does not apply' });
    expect(report).toMatchObject({ composed: false, ok: false, breaking: [], brokenOperations: [] });
    const errors = report.compositionErrors.join('\n');
    expect(errors).toMatch(/FIELD_TYPE_MISMATCH/);
    expect(errors).toMatch(/PageInfo\.hasNextPage/);
    expect(errors).toMatch(/"anci"/);
    expect(errors).toMatch(/fix: /);
    const text = formatReport(report);
    expect(text).toMatch(/COMPOSITION FAILED/);
    expect(text).toMatch(/--allow-breaking does not apply to composition errors/);
  });

  it('a non-shareable field defined in two subgraphs fails, naming both', async () => {
    const sdl = `${anci}\ntype Partner\n  @key(fields: "id")\n{\n  id: ID!\n  name: String!\n}\n`;
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl });
    expect(report.composed).toBe(false);
    const errors = report.compositionErrors.join('\n');
    expect(errors).toMatch(/INVALID_FIELD_SHARING/);
    expect(errors).toMatch(/Partner\.name/);
    expect(errors).toMatch(/"anci"/);
    expect(errors).toMatch(/"region"/);
    expect(errors).toMatch(/fix: .*@shareable/);
  });

  it('SDL that does not parse is reported with the subgraph name', async () => {
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: 'type Query {' });
    expect(report.compositionErrors).toEqual([expect.stringMatching(/^INVALID_GRAPHQL: \[anci\]/)]);
  });
});

describe('--allow-breaking', () => {
  it('passes a deliberate break, printing the reason and the affected operation', async () => {
    const report = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: withoutMunicipalityProvince, allowBreaking: 'province moves to Municipality.provinceInfo, agreed with ART-ER BI' });
    expect(report.ok).toBe(true);
    expect(report.allowedBreaking).toBe('province moves to Municipality.provinceInfo, agreed with ART-ER BI');
    expect(report.breaking).toHaveLength(1);
    expect(report.brokenOperations).toHaveLength(1);
    const text = formatReport(report);
    expect(text).toMatch(/!! BREAKING CHANGES ALLOWED: province moves to Municipality\.provinceInfo, agreed with ART-ER BI/);
    expect(text).toMatch(/!! +MunicipalitiesOfAmbit \(.*\/MunicipalitiesOfAmbit\.graphql\) .*NO LONGER VALIDATES/);
    expect(text).toMatch(/Result: PASSED WITH BREAKING CHANGES ALLOWED/);
  });
});

describe('registered operations', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('read their clients from `# client:` lines of the leading comment', () => {
    expect(readLeadingComment('# client: ART-ER dashboard\n# Courses page.\n# clients: ANCI BI, CPIA app\nquery A { a }\n# client: not this')).toEqual({
      clients: ['ART-ER dashboard', 'ANCI BI', 'CPIA app'],
      about: 'Courses page.',
    });
    expect(readLeadingComment(readFileSync(path.join(OPERATIONS_DIR, 'CpiaCourses.graphql'), 'utf8')).clients).toEqual([]);
  });

  it('name the clients of a broken operation; an operation broken already is not blamed on the change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pleiadi-operations-'));
    dirs.push(dir);
    const registered = readFileSync(path.join(OPERATIONS_DIR, 'MunicipalitiesOfAmbit.graphql'), 'utf8');
    writeFileSync(path.join(dir, 'MunicipalitiesOfAmbit.graphql'), `# client: ART-ER regional dashboard\n${registered}`);
    copyFileSync(path.join(OPERATIONS_DIR, 'IndicatorCatalogue.graphql'), path.join(dir, 'IndicatorCatalogue.graphql'));
    writeFileSync(path.join(dir, 'Stale.graphql'), '# client: old script\nquery Stale { noSuchField }\n');

    const clean = await checkSubgraph('anci', { sdl: anci, operationsDir: dir });
    expect(clean.ok).toBe(true);
    expect(clean.brokenOperations).toEqual([expect.objectContaining({ operation: 'Stale', alreadyBroken: true, clients: ['old script'] })]);
    expect(clean.affectedOperations).toEqual([]);

    const report = await checkSubgraph('anci', { sdl: withoutMunicipalityProvince, operationsDir: dir, allowBreaking: 'agreed' });
    expect(report.affectedOperations).toEqual([expect.objectContaining({ operation: 'MunicipalitiesOfAmbit', clients: ['ART-ER regional dashboard'], broken: true })]);
    const text = formatReport(report);
    expect(text).toMatch(/✗ MunicipalitiesOfAmbit — .* — client: ART-ER regional dashboard\n/);
    expect(text).toMatch(/!! +MunicipalitiesOfAmbit .* client: ART-ER regional dashboard — NO LONGER VALIDATES/);
    expect(text).toMatch(/✗ Stale — .* already broken/);
  });
});

describe('--base <git ref>', () => {
  const atHead = (file: string) => {
    try {
      return execFileSync('git', ['show', `HEAD:./${file}`], { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const anciAtHead = atHead('subgraphs/anci/schema.graphql');

  it.skipIf(anciAtHead === undefined)('compares with the supergraph and the other SDLs of that commit', async () => {
    const clean = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: anciAtHead, base: 'HEAD' });
    expect(clean).toMatchObject({ ok: true, baseline: 'schema/supergraph.graphql at HEAD', breaking: [], dangerous: [], safe: [] });
    const sdl = editDefinition(anciAtHead!, /^type Municipality\b/, (body) => body.replace(/^ *province: Province!.*\n/m, ''));
    const broken = await checkSubgraph('anci', { operationsDir: OPERATIONS, sdl, base: 'HEAD' });
    expect(broken.ok).toBe(false);
    expect(coordinates(broken.breaking)).toEqual(['Municipality.province']);
  });

  it('names a ref it cannot read', async () => {
    await expect(checkSubgraph('anci', { operationsDir: OPERATIONS, sdl: anci, base: 'no-such-ref-anywhere' })).rejects.toThrow(/Cannot read .* at no-such-ref-anywhere/);
  });
});

describe('API schema comparison (graphql-inspector, and ours where it is gentler)', () => {
  const diff = (before: string, after: string) => diffApiSchemas(buildSchema(before), buildSchema(after));
  const levels = (result: Awaited<ReturnType<typeof diff>>) =>
    Object.fromEntries(
      (['breaking', 'dangerous', 'safe'] as const).map((level) => [level, result[level].map((change) => `${change.type} ${change.coordinate}`)]),
    );

  it('a non-null argument or input field that loses its default becomes required: breaking', async () => {
    const result = await diff(
      'type Query { list(first: Int! = 50, filter: F): [Int] } input F { size: Int! = 10, from: String = "a" }',
      'type Query { list(first: Int!, filter: F): [Int] } input F { size: Int!, from: String = "b" }',
    );
    expect(levels(result)).toEqual({
      breaking: ['INPUT_FIELD_BECAME_REQUIRED F.size', 'ARGUMENT_BECAME_REQUIRED Query.list(first:)'],
      dangerous: ['INPUT_FIELD_DEFAULT_VALUE_CHANGED F.from'],
      safe: [],
    });
  });

  // Two verdicts changed with the move to the inspector, neither changing what check lets through:
  // a relaxed argument is safe (it was dangerous), an optional argument dangerous (it was safe).
  it('relaxed arguments, optional input fields, narrowed outputs and deprecations are safe; optional arguments dangerous', async () => {
    const result = await diff(
      'type Query { a(x: Int!): String b: String c: Int } input F { p: Int } type T { f(i: F): Int }',
      'type Query { a(x: Int, y: Int): String b: String! c: Int @deprecated(reason: "use b") } input F { p: Int q: Int } type T { f(i: F): Int }',
    );
    expect(levels(result)).toEqual({
      breaking: [],
      dangerous: ['FIELD_ARGUMENT_ADDED Query.a(y:)'],
      safe: ['INPUT_FIELD_ADDED F.q', 'FIELD_ARGUMENT_TYPE_CHANGED Query.a(x:)', 'FIELD_TYPE_CHANGED Query.b', 'FIELD_DEPRECATION_ADDED Query.c'],
    });
  });

  it('hints at a rename only for a removal and an addition of the same type in the same parent', async () => {
    const renamed = await diff('type Query { a(x: Int): Int b: String }', 'type Query { c(y: Int): Int b: String }');
    expect(renamed.breaking).toEqual([expect.objectContaining({ coordinate: 'Query.a', hint: expect.stringMatching(/^looks renamed to Query\.c: keep Query\.a next to it, marked @deprecated/) })]);
    const replaced = await diff('type Query { a: Int b: Int }', 'type Query { c: String b: Int }');
    expect(replaced.breaking).toEqual([expect.not.objectContaining({ hint: expect.anything() })]);
  });

  it('the inspector\'s changes keep their type and message, with a coordinate', async () => {
    const result = await diff(
      'type Query { a(x: Int): U t: T } union U = A | B type A { i: Int } type B { i: Int } interface I { i: Int } type T implements I { i: Int } enum E { X Y } input In { e: E }',
      'type Query { a(x: String, z: Int!): U t: T } union U = A type A { i: Int } interface I { i: Int } type T { i: String } enum E { X } input In { e: E }',
    );
    expect(levels(result).breaking).toEqual([
      'TYPE_REMOVED B',
      'ENUM_VALUE_REMOVED E.Y',
      'FIELD_ARGUMENT_TYPE_CHANGED Query.a(x:)',
      'FIELD_ARGUMENT_ADDED Query.a(z:)',
      'OBJECT_TYPE_INTERFACE_REMOVED T',
      'FIELD_TYPE_CHANGED T.i',
      'UNION_MEMBER_REMOVED U',
    ]);
    expect(result.breaking.find((change) => change.type === 'FIELD_ARGUMENT_ADDED')?.description).toBe("Argument 'z: Int!' added to field 'Query.a'");
  });

  it('an input type made @oneOf is breaking', async () => {
    const result = await diff('type Query { a(i: I): Int } input I { x: Int y: Int }', 'type Query { a(i: I): Int } input I @oneOf { x: Int y: Int }');
    expect(levels(result).breaking).toEqual(['DIRECTIVE_USAGE_INPUT_OBJECT_ADDED I.@oneOf']);
  });
});

describe('the command line', () => {
  const tsx = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');
  const cli = path.join(REPOSITORY_ROOT, 'scripts', 'src', 'check.ts');
  const run = async (args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(tsx, [cli, ...args], { cwd: REPOSITORY_ROOT, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
    }
  };

  it('exits 0 or 1 with one JSON object, lets --allow-breaking through, and refuses bad usage with 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pleiadi-check-'));
    try {
      const broken = path.join(dir, 'anci.graphql');
      writeFileSync(broken, withoutMunicipalityProvince);
      const [fromCode, failing, allowed, readable, unknown] = await Promise.all([
        run(['anci', '--json']),
        run(['anci', '--json', '--sdl', broken]),
        run(['anci', '--json', '--sdl', broken, '--allow-breaking', 'agreed with ART-ER BI']),
        run(['anci', '--sdl', broken]),
        run(['nope', '--json']),
      ]);

      // The working copy, printed from the code: whatever it holds, the exit code follows `ok`.
      const fromCodeReport = JSON.parse(fromCode.stdout) as CheckReport;
      expect(fromCodeReport).toMatchObject({ subgraph: 'anci', source: 'working copy' });
      expect(fromCode.code).toBe(fromCodeReport.ok ? 0 : 1);

      expect(failing.code).toBe(1);
      const report = JSON.parse(failing.stdout) as CheckReport;
      expect(Object.keys(report)).toEqual(expect.arrayContaining(['subgraph', 'composed', 'compositionErrors', 'breaking', 'dangerous', 'safe', 'brokenOperations', 'allowedBreaking', 'ok']));
      expect(report).toMatchObject({ subgraph: 'anci', composed: true, ok: false, allowedBreaking: null, compositionErrors: [] });
      // Every registered operation that reads a municipality's province, this one among them.
      expect(report.brokenOperations.map((operation) => operation.file)).toContain('schema/operations/MunicipalitiesOfAmbit.graphql');

      expect(allowed.code).toBe(0);
      expect(JSON.parse(allowed.stdout)).toMatchObject({ ok: true, allowedBreaking: 'agreed with ART-ER BI' });

      expect(readable.code).toBe(1);
      expect(readable.stdout).toMatch(/Result: FAILED/);

      expect(unknown.code).toBe(2);
      expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown subgraph "nope"/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
