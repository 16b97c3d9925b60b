// The start benchmark's footprint is the whole process tree: children count, the dead do not.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { treeUsage } from '../src/bench-start/process-tree.ts';

describe.runIf(process.platform === 'linux')('treeUsage', () => {
  it('sums this process and a child it started, and nothing once the root is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const usage = treeUsage(process.pid);
      const mine = usage.each.find((p) => p.pid === process.pid);
      const its = usage.each.find((p) => p.pid === child.pid);
      expect(mine?.rssBytes).toBeGreaterThan(0);
      expect(its?.command).toContain('setTimeout');
      expect(usage.rssBytes).toBe(usage.each.reduce((sum, p) => sum + p.rssBytes, 0));
      expect(usage.rssBytes).toBeGreaterThan(mine!.rssBytes);
    } finally {
      child.kill();
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(treeUsage(child.pid!).processes).toBe(0);
  });
});
