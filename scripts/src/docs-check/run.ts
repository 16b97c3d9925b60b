// Runs one documentation block against a running federation and says whether it did what the
// text says: a query answers without errors (or with the code the note expects); a shell block
// exits 0 and prints no GraphQL error (or prints the expected code).
import { spawn } from 'node:child_process';
import type { Annotation, Block } from './blocks.ts';

export interface Outcome {
  ok: boolean;
  /** Why not, or what was skipped. */
  detail?: string;
  skipped?: boolean;
  seconds: number;
}

export interface RunContext {
  root: string;
  /** The gateway's GraphQL URL. */
  url: string;
  /** A bearer token for the caller a note names (undefined: anonymous). */
  tokenFor(annotation: Annotation): Promise<string | undefined>;
}

const excerpt = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The codes of the GraphQL errors in a text: whole JSON answers, one per line or the whole text. */
export function errorCodesIn(output: string): string[] {
  const codes: string[] = [];
  const candidates = [output, ...output.split('\n')];
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(trimmed) as { errors?: { extensions?: { code?: string } }[] };
      for (const error of parsed.errors ?? []) codes.push(error.extensions?.code ?? 'UNKNOWN');
    } catch {
      // not one JSON value
    }
  }
  return codes;
}

function verdict(annotation: Annotation, codes: string[], failedOtherwise?: string): string | undefined {
  if (annotation.expect === 'ok') return failedOtherwise ?? (codes.length ? `answered with errors: ${codes.join(', ')}` : undefined);
  return codes.includes(annotation.expect) ? undefined : `was meant to fail with ${annotation.expect}, got ${codes.length ? codes.join(', ') : 'no error'}`;
}

async function runGraphql(block: Block, context: RunContext): Promise<string | undefined> {
  const token = await context.tokenFor(block.annotation);
  const response = await fetch(context.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: block.text, variables: block.annotation.variables }),
    signal: AbortSignal.timeout(block.annotation.timeoutSeconds * 1000),
  });
  const text = await response.text();
  const codes = errorCodesIn(text);
  const noData = response.ok && !codes.length && !/"data":\s*\{/.test(text) ? `no data in the answer: ${excerpt(text)}` : undefined;
  const problem = verdict(block.annotation, codes, noData);
  return problem && `${problem}\n${excerpt(text)}`;
}

function runShell(block: Block, context: RunContext): Promise<string | undefined> {
  const port = new URL(context.url).port;
  // The text speaks of the embedded default's port; the check may run on another.
  const script = block.text.replaceAll('127.0.0.1:4000', `127.0.0.1:${port}`).replaceAll('localhost:4000', `localhost:${port}`);
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops what the block started too.
    // The project's commands that talk to a running graph read its URL from PLEIADI_GATEWAY_URL.
    const env = { ...process.env, PLEIADI_LOG: 'warn', PLEIADI_GATEWAY_URL: context.url };
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: context.root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), block.annotation.timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const failed = signal ? `killed after ${block.annotation.timeoutSeconds} s` : code !== 0 ? `exited with ${code}` : undefined;
      const problem = block.annotation.expect === 'ok' ? verdict(block.annotation, errorCodesIn(output), failed) : verdict(block.annotation, errorCodesIn(output));
      resolve(problem && `${problem}\n${excerpt(output.trim())}`);
    });
  });
}

export async function runBlock(block: Block, context: RunContext): Promise<Outcome> {
  if (block.annotation.skip) return { ok: true, skipped: true, detail: block.annotation.skip, seconds: 0 };
  const started = performance.now();
  let problem: string | undefined;
  try {
    problem = block.language === 'graphql' ? await runGraphql(block, context) : await runShell(block, context);
  } catch (error) {
    problem = `could not run: ${(error as Error).message}`;
  }
  return { ok: !problem, detail: problem, seconds: (performance.now() - started) / 1000 };
}
