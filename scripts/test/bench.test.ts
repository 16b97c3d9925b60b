// The benchmark's pure parts: run order, percentiles, summaries, ratios and the table; and that
// every query class is a valid operation for its caller. Behaviour only — nothing here is timed.
import { readFileSync } from 'node:fs';
import { buildContracts, contractFor } from '@pleiadi/gateway';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QUERY_CLASSES, shapesOf } from '../src/bench/classes.ts';
import { formatNumber, formatRatio, formatTable, ratiosAgainst, type ClassResult } from '../src/bench/report.ts';
import { median, percentile, ratio, schedule, summarise, type RoundMeasure } from '../src/bench/stats.ts';
import { cpuMicrosBetween } from '../src/bench/postgres-cpu.ts';
import { processCpuSeconds } from '../src/bench-start/process-tree.ts';
import { SUPERGRAPH_PATH } from '../src/registry.ts';

describe('schedule', () => {
  it('warms every gateway up, then interleaves the rounds, one class after another', () => {
    const order = schedule(['one', 'two'], ['A', 'B', 'C'], 2).map((s) => `${s.classId}:${s.round}${s.gateway}`);
    expect(order).toEqual([
      'one:0A', 'one:0B', 'one:0C', 'one:1A', 'one:1B', 'one:1C', 'one:2A', 'one:2B', 'one:2C',
      'two:0A', 'two:0B', 'two:0C', 'two:1A', 'two:1B', 'two:1C', 'two:2A', 'two:2B', 'two:2C',
    ]);
  });
});

describe('percentiles', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('are exact nearest-rank values of the latencies', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7.25], 99)).toBe(7.25);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  it('median and ratio handle the edges', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(ratio(30, 10)).toBe(3);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
  });
});

const round = (overrides: Partial<RoundMeasure>): RoundMeasure => ({
  seconds: 10,
  latencies: [],
  non2xx: 0,
  errors: 0,
  mismatches: 0,
  gatewayRequests: 0,
  cpuMicros: 0,
  peakRssBytes: 0,
  subgraphRequests: 0,
  statements: 0,
  subgraphCpuMicros: 0,
  busiestSubgraphCpuMicros: 0,
  postgresCpuMicros: 0,
  ...overrides,
});

describe('summarise', () => {
  it('takes the median rate of the rounds, pooled percentiles, and counts per request served', () => {
    const summary = summarise([
      round({ latencies: Array(100).fill(10), gatewayRequests: 105, cpuMicros: 210_000, subgraphRequests: 630, statements: 1365, peakRssBytes: 100 * 1024 * 1024, busiestSubgraphCpuMicros: 9_000_000 }),
      round({ latencies: [...Array(199).fill(20), 500], non2xx: 2, mismatches: 1, gatewayRequests: 205, cpuMicros: 410_000, subgraphRequests: 1230, statements: 2665, peakRssBytes: 150 * 1024 * 1024, busiestSubgraphCpuMicros: 5_000_000 }),
      round({ seconds: 5, latencies: Array(100).fill(30), errors: 3, gatewayRequests: 100, cpuMicros: 200_000, subgraphRequests: 600, statements: 1300, peakRssBytes: 120 * 1024 * 1024, busiestSubgraphCpuMicros: 4_000_000 }),
    ]);
    expect(summary.requests).toBe(100 + 199 + 100);
    expect(summary.requestsPerSecond).toBe(19.9); // 10, 19.9 and 20 req/s
    expect(summary.p50).toBe(20);
    expect(summary.p99).toBe(30);
    expect(summary.errors).toBe(2 + 1 + 3);
    expect(summary.cpuMsPerRequest).toBe(2);
    expect(summary.subgraphRequestsPerRequest).toBe(6);
    expect(summary.statementsPerRequest).toBe(13);
    expect(summary.peakRssMb).toBe(150);
    expect(summary.busiestSubgraphCores).toBe(0.8); // 0.9, 0.5 and 0.8 cores: each round over its own seconds
  });
});

describe("PostgreSQL's CPU", () => {
  it('counts what each backend spent between two readings, a new one from zero, and nothing without both', () => {
    const before = new Map([[101, 1.5], [102, 0.25]]);
    const after = new Map([[101, 2], [102, 0.25], [103, 0.125]]);
    expect(cpuMicrosBetween(before, after)).toBe(625_000);
    expect(cpuMicrosBetween(undefined, after)).toBeNaN();
    expect(cpuMicrosBetween(before, undefined)).toBeNaN();
  });

  it('reads a live process\u2019s CPU from /proc, and nothing for one that is not there', () => {
    const start = Date.now();
    while (Date.now() - start < 50); // spend a few clock ticks
    expect(processCpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined(); // above Linux's pid_max
  });

  it('is a column of the table, per request served', () => {
    const summary = summarise([round({ gatewayRequests: 200, postgresCpuMicros: 300_000 }), round({ gatewayRequests: 100, postgresCpuMicros: 150_000 })]);
    expect(summary.postgresCpuMsPerRequest).toBe(1.5);
    expect(summarise([round({ gatewayRequests: 100, postgresCpuMicros: NaN })]).postgresCpuMsPerRequest).toBeNaN();
  });
});

describe('the table', () => {
  it('formats numbers to a sensible precision', () => {
    expect(formatNumber(1234.56)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(6)).toBe('6');
    expect(formatNumber(NaN)).toBe('–');
    expect(formatRatio(2)).toBe('×2.00');
    expect(formatRatio(NaN)).toBe('');
  });

  it('has a row per class and gateway, each value with its ratio to stock', () => {
    const stock = summarise([round({ latencies: Array(100).fill(10), gatewayRequests: 100, cpuMicros: 400_000, subgraphRequests: 600, statements: 1300 })]);
    const ours = summarise([round({ latencies: Array(200).fill(5), gatewayRequests: 200, cpuMicros: 400_000, subgraphRequests: 1200, statements: 2600 })]);
    const result: ClassResult = { id: 'municipality', title: '', single: {}, summaries: { ours, stock } };
    const lines = formatTable([result], ['ours', 'stock', 'hive']).split('\n');
    expect(lines).toHaveLength(4); // header, rule, ours, stock; no hive row without a measure
    expect(lines[0]).toMatch(/^\| class \| gateway \| req\/s \| p50 ms \| p95 ms \| p99 ms \| errors \| CPU ms\/req \|/);
    expect(lines[2]).toMatch(/^\| municipality \| ours \| 20 \(×2\.00\) \| 5 \(×0\.50\) \|/);
    expect(lines[2]).toContain('| 2 (×0.50) |'); // CPU ms per request halved
    expect(lines[3]).toMatch(/^\| municipality \| stock \| 10 \| 10 \|/);
    expect(lines[3]).not.toContain('×');
    expect(ratiosAgainst(ours, stock).requestsPerSecond).toBe(2);
    expect(ratiosAgainst(ours, stock).statementsPerRequest).toBe(1);
  });
});

describe('query classes', () => {
  const contracts = buildContracts(readFileSync(SUPERGRAPH_PATH, 'utf8'));

  it('have distinct ids', () => {
    expect(new Set(QUERY_CLASSES.map((c) => c.id)).size).toBe(QUERY_CLASSES.length);
  });

  it.each(QUERY_CLASSES.map((c) => [c.id, c] as const))('%s is made of valid operations in their callers\u2019 contracts', (_id, queryClass) => {
    for (const shape of shapesOf(queryClass)) {
      const schema = contracts[contractFor(shape.caller?.role ?? 'anonymous')];
      expect(schema, 'the caller\u2019s contract is offered').toBeDefined();
      expect(validate(schema!, parse(shape.query)).map((e) => e.message)).toEqual([]);
    }
  });
});
