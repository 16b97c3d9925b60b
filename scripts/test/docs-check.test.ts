// The documentation check itself: it reads the notes above the blocks, and it fails a block that
// does not do what the text says — so `npm run docs:check` passing means something.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnotationError, blocksOf, documentationBlocks } from '../src/docs-check/blocks.ts';
import { errorCodesIn, runBlock, type RunContext } from '../src/docs-check/run.ts';
import { startFederation, type Federation } from '../src/federation.ts';

const MARKDOWN = [
  'Some text.',
  '```graphql',
  '{ ambits { code } }',
  '```',
  '<!-- docs-check: as=partner partner=cpia-bologna purpose=case-coordination variables={"n":1} -->',
  '',
  '```sh',
  'echo hi',
  '```',
  '<!-- docs-check: skip="needs a server per partner" -->',
  '```graphql',
  '{ x }',
  '```',
  '```ts',
  'const notRun = 1;',
  '```',
].join('\n');

describe('reading the blocks', () => {
  it('finds graphql and sh blocks with the note above each', () => {
    const blocks = blocksOf(MARKDOWN, 'X.md');
    expect(blocks.map((b) => [b.line, b.language, b.text])).toEqual([
      [2, 'graphql', '{ ambits { code } }'],
      [7, 'sh', 'echo hi'],
      [11, 'graphql', '{ x }'],
    ]);
    expect(blocks[0].annotation).toEqual({ expect: 'ok', timeoutSeconds: 120 });
    expect(blocks[1].annotation).toMatchObject({ as: 'partner', partner: 'cpia-bologna', purpose: 'case-coordination', variables: { n: 1 } });
    expect(blocks[2].annotation.skip).toBe('needs a server per partner');
  });

  it('refuses a note it cannot read, naming the place', () => {
    expect(() => blocksOf('<!-- docs-check: colour=red -->\n```sh\nls\n```', 'Y.md')).toThrow(new AnnotationError('Y.md:2: unknown docs-check key "colour"'));
    expect(() => blocksOf('<!-- docs-check: as=partner -->\n```sh\nls\n```', 'Y.md')).toThrow(/partner=<registry id>/);
  });

  it('reads every note of the repository documentation', () => {
    const blocks = documentationBlocks(path.resolve(import.meta.dirname, '../..'));
    expect(blocks.filter((b) => b.file === 'README.md' && b.language === 'graphql').length).toBeGreaterThan(3);
  });

  it('reads error codes from answers printed one per line', () => {
    expect(errorCodesIn('{"data":{"a":1}}\n{"errors":[{"message":"m","extensions":{"code":"FORBIDDEN"}}]}\n')).toEqual(['FORBIDDEN']);
    expect(errorCodesIn('{"data":{"errors":"a field named so"}}')).toEqual([]);
  });
});

describe('running the blocks', () => {
  let federation: Federation;
  let context: RunContext;
  beforeAll(async () => {
    federation = await startFederation({ databases: 'test', demo: true });
    context = {
      root: process.cwd(),
      url: federation.gateway.url,
      tokenFor: (a) => (a.as ? federation.token({ role: a.as, partnerId: a.partner, purpose: a.purpose }) : Promise.resolve(undefined)),
    };
  }, 120_000);
  afterAll(() => federation?.stop());
  const block = (language: 'graphql' | 'sh', text: string, note = '') => blocksOf(`<!-- docs-check: ${note} -->\n\`\`\`${language}\n${text}\n\`\`\``, 'T.md')[0];

  it('passes a query that answers and fails one that does not', async () => {
    expect(await runBlock(block('graphql', '{ ambits { code } }'), context)).toMatchObject({ ok: true });
    const broken = await runBlock(block('graphql', '{ commsCampaigns { nodes { languages } } }', 'as=region'), context);
    expect(broken.ok).toBe(false);
    expect(broken.detail).toMatch(/GRAPHQL_VALIDATION_FAILED/);
  });

  it('uses the caller the note names', async () => {
    const query = '{ commsCampaigns(first: 1) { totalCount } }';
    expect((await runBlock(block('graphql', query), context)).ok).toBe(false);
    expect((await runBlock(block('graphql', query, 'as=region purpose=reporting'), context)).ok).toBe(true);
  });

  it('holds a block meant to fail to the code it names', async () => {
    expect((await runBlock(block('graphql', '{ municipality(istatCode: "12") { name } }', 'expect=BAD_USER_INPUT'), context)).ok).toBe(true);
    expect((await runBlock(block('graphql', '{ ambits { code } }', 'expect=BAD_USER_INPUT'), context)).ok).toBe(false);
  });

  it('fails a shell block that exits non-zero or prints a GraphQL error', async () => {
    expect((await runBlock(block('sh', 'true\nfalse\necho never'), context)).ok).toBe(false);
    expect((await runBlock(block('sh', `echo '{"errors":[{"message":"x","extensions":{"code":"BAD_USER_INPUT"}}]}'`), context)).ok).toBe(false);
    expect((await runBlock(block('sh', `curl -s ${federation.gateway.url} -H 'content-type: application/json' -d '{"query":"{ ambits { code } }"}'`), context)).ok).toBe(true);
  });
});
