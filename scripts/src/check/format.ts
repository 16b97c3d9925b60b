// The check's report as people read it in a terminal or a CI log.
import type { CheckReport, ReportedChange } from './types.ts';

function clientsOf(operation: { clients: string[]; about: string }): string {
  if (operation.clients.length) return `client: ${operation.clients.join(', ')}`;
  const about = operation.about.length > 90 ? `${operation.about.slice(0, 89)}…` : operation.about;
  return about ? `client not recorded; the file says: "${about}"` : 'client not recorded';
}

export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(`Schema check of "${report.subgraph}" (${report.source}) against ${report.baseline}`);
  push('');
  if (!report.composed) {
    push(`COMPOSITION FAILED (${report.compositionErrors.length} error${report.compositionErrors.length === 1 ? '' : 's'}): the supergraph cannot be built with this SDL.`);
    for (const error of report.compositionErrors) push(`  - ${error.replace(/\n/g, '\n  ')}`);
    for (const note of report.notes) push('', `Note: ${note}`);
    push('', 'Result: FAILED — fix the composition errors above.');
    return lines.join('\n') + '\n';
  }
  const section = (title: string, changes: ReportedChange[], withOperations: boolean) => {
    push(`${title} (${changes.length})`);
    if (!changes.length) push('  none');
    for (const change of changes) {
      push(`  - ${change.coordinate ?? '?'} [${change.type}] ${change.description}`);
      if (change.hint) push(`      hint: ${change.hint}`);
      if (withOperations && change.operations.length) push(`      used by registered operation${change.operations.length === 1 ? '' : 's'}: ${change.operations.join(', ')}`);
    }
    push('');
  };
  section('BREAKING changes', report.breaking, true);
  section('Dangerous changes (do not fail the check; tell the clients)', report.dangerous, true);
  section('Safe changes', report.safe, false);

  const newlyBroken = report.brokenOperations.filter((operation) => !operation.alreadyBroken);
  push(`Registered operations: ${report.operationsChecked} checked against the new API schema, ${newlyBroken.length} broken by this change`);
  for (const operation of report.brokenOperations) {
    push(`  ✗ ${operation.operation ?? '(unregistrable)'} — ${operation.file} — ${clientsOf(operation)}${operation.alreadyBroken ? ' — already broken' : ''}`);
    for (const message of operation.messages) push(`      ${message}`);
  }
  const atRisk = report.affectedOperations.filter((operation) => !operation.broken);
  for (const operation of atRisk) {
    push(`  ! ${operation.operation} — ${operation.file} — ${clientsOf({ clients: operation.clients, about: '' })} — still validates, but uses ${operation.changes.join(', ')}`);
  }
  push('');

  const failing = report.breaking.length > 0 || newlyBroken.length > 0;
  if (failing && report.allowedBreaking) {
    const bar = '!'.repeat(78);
    push(bar, `!! BREAKING CHANGES ALLOWED: ${report.allowedBreaking}`);
    push(`!! ${report.breaking.length} breaking change${report.breaking.length === 1 ? '' : 's'}; operations affected:`);
    if (!report.affectedOperations.length) push('!!   none of the registered operations (unregistered clients may still be hit)');
    for (const operation of report.affectedOperations) {
      push(`!!   ${operation.operation} (${operation.file}) — ${operation.clients.length ? `client: ${operation.clients.join(', ')}` : 'client not recorded'}${operation.broken ? ' — NO LONGER VALIDATES' : ''}`);
    }
    push('!! Tell these clients before the new supergraph is deployed.', bar, '');
  }
  for (const note of report.notes) push(`Note: ${note}`);
  if (report.notes.length) push('');
  if (!failing) {
    push(`Result: OK — nothing breaks${report.dangerous.length ? `; ${report.dangerous.length} dangerous change${report.dangerous.length === 1 ? '' : 's'} to tell clients about` : ''}.`);
  } else if (report.allowedBreaking) {
    push('Result: PASSED WITH BREAKING CHANGES ALLOWED (see above).');
  } else {
    const parts = [];
    if (report.breaking.length) parts.push(`${report.breaking.length} breaking change${report.breaking.length === 1 ? '' : 's'}`);
    if (newlyBroken.length) parts.push(`${newlyBroken.length} registered operation${newlyBroken.length === 1 ? '' : 's'} broken`);
    push(`Result: FAILED — ${parts.join(', ')}.`);
    push('  Prefer additive changes: add the new field, type or value next to the old one and mark the old one');
    push('  @deprecated until its clients have moved. If the break is deliberate and agreed with the clients, rerun with');
    push(`  --allow-breaking "<reason>".`);
  }
  return lines.join('\n') + '\n';
}
