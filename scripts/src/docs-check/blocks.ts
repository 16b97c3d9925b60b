// The examples of the project's Markdown: every fenced ```graphql and ```sh block, with what the
// text says about running it. That is said in an HTML comment right above the block, which a
// reader of the rendered page does not see but a reader of the source does:
//
//   <!-- docs-check: as=partner partner=cpia-bologna purpose=case-coordination -->
//   <!-- docs-check: expect=BAD_USER_INPUT -->          (the block is meant to fail, with that code)
//   <!-- docs-check: variables={"ambit":"BOLOGNA"} -->
//   <!-- docs-check: skip="needs a PostgreSQL server per partner" -->
//
// Keys: as (region | partner | bi; anonymous when absent), partner, ambit, purpose, variables
// (JSON, no spaces), expect (ok, or an error code), timeout (seconds), skip (the reason, quoted).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Language = 'graphql' | 'sh';

export interface Annotation {
  as?: 'region' | 'partner' | 'bi';
  partner?: string;
  ambit?: string;
  purpose?: string;
  variables?: Record<string, unknown>;
  /** `ok`, or the error code the block is meant to end with. */
  expect: string;
  timeoutSeconds: number;
  skip?: string;
}

export interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: Language;
  text: string;
  annotation: Annotation;
}

const FENCE = /^(\s*)```(\S*)\s*$/;
const NOTE = /^<!--\s*docs-check:(.*?)-->\s*$/;
const PAIR = /(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g;
const KEYS = new Set(['as', 'partner', 'ambit', 'purpose', 'variables', 'expect', 'timeout', 'skip']);

export class AnnotationError extends Error {}

export function parseAnnotation(text: string, where: string): Annotation {
  const annotation: Annotation = { expect: 'ok', timeoutSeconds: 120 };
  const rest = text.replace(PAIR, '').trim();
  if (rest) throw new AnnotationError(`${where}: cannot read "${rest}" in the docs-check note (key=value pairs only)`);
  for (const [, key, raw] of text.matchAll(PAIR)) {
    if (!KEYS.has(key)) throw new AnnotationError(`${where}: unknown docs-check key "${key}"`);
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (key === 'as') {
      if (!['region', 'partner', 'bi'].includes(value)) throw new AnnotationError(`${where}: as= must be region, partner or bi`);
      annotation.as = value as Annotation['as'];
    } else if (key === 'variables') {
      try {
        annotation.variables = JSON.parse(value) as Record<string, unknown>;
      } catch {
        throw new AnnotationError(`${where}: variables= is not JSON`);
      }
    } else if (key === 'timeout') annotation.timeoutSeconds = Number(value);
    else if (key === 'expect' || key === 'skip' || key === 'partner' || key === 'ambit' || key === 'purpose') annotation[key] = value;
  }
  if (annotation.as === 'partner' && !annotation.partner) throw new AnnotationError(`${where}: as=partner needs partner=<registry id>`);
  return annotation;
}

/** The executable blocks of one Markdown text. */
export function blocksOf(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(open[1].length));
    const language = open[2] === 'bash' || open[2] === 'shell' ? 'sh' : open[2];
    if (language !== 'graphql' && language !== 'sh') continue;
    // The note is the last non-blank line above the fence, if it is one.
    let above = start - 1;
    while (above >= 0 && !lines[above].trim()) above--;
    const note = above >= 0 ? NOTE.exec(lines[above].trim()) : null;
    const where = `${file}:${start + 1}`;
    blocks.push({ file, line: start + 1, language, text: body.join('\n'), annotation: parseAnnotation(note?.[1] ?? '', where) });
  }
  return blocks;
}

/** README.md and every Markdown file under docs/. */
export function documentationFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : name.endsWith('.md') ? [full] : [];
    });
  const docs = path.join(root, 'docs');
  return [path.join(root, 'README.md'), ...(statSync(docs, { throwIfNoEntry: false })?.isDirectory() ? walk(docs).sort() : [])];
}

export function documentationBlocks(root: string): Block[] {
  return documentationFiles(root).flatMap((file) => blocksOf(readFileSync(file, 'utf8'), path.relative(root, file)));
}
