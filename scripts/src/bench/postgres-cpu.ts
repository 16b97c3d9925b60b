// PostgreSQL's share of a round: the CPU time of the server processes that serve the benchmark's
// databases (user + system, read from /proc), so that the report accounts for every process a
// request costs — the gateway, the subgraphs and the database. Only when the server runs on this
// machine; otherwise the column stays empty.
import { processCpuSeconds } from '../bench-start/process-tree.ts';
import type { StoreQuery } from './classes.ts';

/** CPU seconds spent so far, per backend process. */
export type BackendCpu = ReadonlyMap<number, number>;

/**
 * The client backends connected to the benchmark's databases now (none while every pool is idle);
 * undefined when /proc cannot see them — a server on another machine.
 */
export async function postgresCpu(sql: StoreQuery, store: string): Promise<BackendCpu | undefined> {
  const rows = await sql(store, `select pid from pg_stat_activity where backend_type = 'client backend' and datname like 'pleiadi\\_bench\\_%' and pid <> pg_backend_pid()`);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(Number(pid));
    if (seconds !== undefined) cpu.set(Number(pid), seconds);
  }
  return rows.length && !cpu.size ? undefined : cpu;
}

/**
 * The CPU spent between two readings, in microseconds: a backend that connected in between counts
 * from zero; one that left in between is not counted (pools keep theirs while the load lasts).
 */
export function cpuMicrosBetween(before: BackendCpu | undefined, after: BackendCpu | undefined): number {
  if (!before || !after) return NaN;
  let seconds = 0;
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0);
  return seconds * 1e6;
}
