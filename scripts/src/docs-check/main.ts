// `npm run docs:check`: starts the embedded default (`npm start`, on PORT or 4000), runs every
// ```graphql and ```sh block of README.md and docs/ against it as its note says (see blocks.ts),
// prints one line per block and exits 1 if any did not do what the text says.
//
//   npm run docs:check                          all files
//   npm run docs:check -- docs/bi.md            only these files
//   npm run docs:check -- --url http://127.0.0.1:4000/graphql    against a federation already running
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mintToken } from '@pleiadi/gateway';
import { devJwtSecret } from '../dev-secrets.ts';
import { AnnotationError, documentationBlocks, type Annotation, type Block } from './blocks.ts';
import { runBlock } from './run.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const args = process.argv.slice(2);
const urlArg = args.includes('--url') ? args[args.indexOf('--url') + 1] : undefined;
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--url').map((f) => path.normalize(f));

async function waitForGraph(url: string, child: ChildProcess, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before the graph answered`);
    try {
      const health = (await (await fetch(url.replace(/\/graphql$/, '/health'))).json()) as { subgraphs?: Record<string, { status?: string }> };
      const subgraphs = Object.values(health.subgraphs ?? {});
      if (subgraphs.length && subgraphs.every((s) => s.status === 'up')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the graph did not answer within ${timeoutMs / 1000} s`);
}

async function startEmbedded(port: string): Promise<{ url: string; stop(): Promise<void>; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'scripts/bin/start.mjs')], { cwd: root, env: { ...process.env, PORT: port, PLEIADI_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    });
  return { url: `http://127.0.0.1:${port}/graphql`, stop, child };
}

let blocks: Block[];
try {
  blocks = documentationBlocks(root).filter((b) => !only.length || only.includes(path.normalize(b.file)));
} catch (error) {
  if (error instanceof AnnotationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const secret = devJwtSecret();
const tokens = new Map<string, Promise<string>>();
const tokenFor = (a: Annotation) => {
  if (!a.as) return Promise.resolve(undefined);
  const key = JSON.stringify([a.as, a.partner, a.ambit, a.purpose]);
  if (!tokens.has(key)) tokens.set(key, mintToken({ role: a.as, partnerId: a.partner, ambit: a.ambit, purpose: a.purpose, subject: 'docs-check' }, secret));
  return tokens.get(key)!;
};

const embedded = urlArg ? undefined : await startEmbedded(process.env.PORT ?? '4000');
let failed = 0;
let skipped = 0;
try {
  const url = urlArg ?? embedded!.url;
  if (embedded) await waitForGraph(url, embedded.child);
  console.log(`docs:check: ${blocks.length} blocks against ${url}`);
  for (const block of blocks) {
    const outcome = await runBlock(block, { root, url, tokenFor });
    const where = `${block.file}:${block.line} ${block.language}`;
    if (outcome.skipped) {
      skipped++;
      console.log(`  - ${where}  skipped: ${outcome.detail}`);
    } else if (outcome.ok) console.log(`  ✓ ${where}  (${outcome.seconds.toFixed(1)} s)`);
    else {
      failed++;
      console.log(`  ✗ ${where}\n${outcome.detail!.replace(/^/gm, '      ')}`);
    }
  }
  console.log(`docs:check: ${blocks.length - failed - skipped} ran as written, ${failed} failed, ${skipped} skipped (reason given)`);
} finally {
  await embedded?.stop();
}
process.exit(failed ? 1 : 0);
