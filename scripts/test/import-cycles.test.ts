// No module of ours imports, however indirectly and even for types only, one that imports it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from '../src/import-cycles.ts';
import { readRegistry } from '../src/registry.ts';

const root = path.resolve(import.meta.dirname, '../..');
const packages = ['gateway/src', 'subgraphs/kit/src', 'scripts/src', ...readRegistry().map((entry) => `${entry.dir}/src`)];

describe('import circles', () => {
  it('finds a circle made of type-only imports', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cycles-'));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './sub/b.ts';\nexport type A = B;\n");
    writeFileSync(path.join(dir, 'sub', 'b.ts'), "export type { A as B } from '../a.ts';\n");
    writeFileSync(path.join(dir, 'c.ts'), "import { x } from './a.ts';\n");
    expect(importCycles(dir)).toEqual([['a.ts', path.join('sub', 'b.ts')]]);
  });

  it.each(packages)('%s has none', (dir) => {
    expect(importCycles(path.join(root, dir), root)).toEqual([]);
  });
});
