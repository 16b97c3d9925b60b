// What a process and all its descendants hold and have spent, read from Linux's /proc: the start
// benchmark's memory is the federation's whole footprint, not the one process npm shows.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  pid: number;
  command: string;
  rssBytes: number;
  cpuSeconds: number;
}

export interface TreeUsage {
  /** Live processes in the tree, the root included. */
  processes: number;
  each: ProcessUsage[];
  /** Resident set size summed over them, in bytes. */
  rssBytes: number;
  /** CPU seconds (user + system) they and their reaped children have spent. */
  cpuSeconds: number;
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux Node supports

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[1] is ppid; [11..14] are utime, stime, cutime, cstime.
    const cpuTicks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { pid, ppid: Number(fields[1]), cpuTicks };
  } catch {
    return undefined; // exited while we looked
  }
}

/** CPU seconds (user + system) one live process has spent; undefined when it is not there. */
export function processCpuSeconds(pid: number): number | undefined {
  const stat = readStat(pid);
  return stat && stat.cpuTicks / CLOCK_TICKS;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '?';
  }
}

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function treeUsage(root: number): TreeUsage {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is Stat => s !== undefined);
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const rootStat = stats.find((s) => s.pid === root);
  if (!rootStat) return { processes: 0, each: [], rssBytes: 0, cpuSeconds: 0 };
  const tree: Stat[] = [];
  const queue = [rootStat];
  while (queue.length) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  const each = tree.map((s) => ({ pid: s.pid, command: commandOf(s.pid), rssBytes: rssOf(s.pid), cpuSeconds: s.cpuTicks / CLOCK_TICKS }));
  return {
    processes: tree.length,
    each,
    rssBytes: each.reduce((sum, p) => sum + p.rssBytes, 0),
    cpuSeconds: each.reduce((sum, p) => sum + p.cpuSeconds, 0),
  };
}
