// Adds up the vitest JSON reports of every package (written where PLEIADI_TEST_RESULTS points)
// into one closing line: "Tests: N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const dir = process.argv[2] ?? process.env.PLEIADI_TEST_RESULTS;
if (!dir || !existsSync(dir)) {
  console.error('test-summary: no test results found');
  process.exit(1);
}
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as VitestReport;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  console.log(`  ${file.replace(/\.json$/, '').padEnd(10)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.failed > 0 || totals.passed === 0) process.exitCode = 1;
