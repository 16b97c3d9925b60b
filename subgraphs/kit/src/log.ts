// One-line logs with the service name in front. Nothing here ever receives a query's variables,
// a row, or a driver's error detail: those can hold personal data.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** PLEIADI_LOG=info (default) | warn | error | silent. */
export function createLogger(service: string): Logger {
  const write = (level: keyof typeof LEVELS, message: string) => {
    const threshold = LEVELS[(process.env.PLEIADI_LOG ?? 'info') as keyof typeof LEVELS] ?? 0;
    if (LEVELS[level] < threshold) return;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} [${service}] ${message}\n`);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

/** A driver or runtime error reduced to what is safe to log: its kind, SQLSTATE and a message with quoted values blanked. */
export function describeError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const message = (e?.message ?? String(error)).replace(/"[^"]*"|'[^']*'/g, '"…"').slice(0, 300);
  return [e?.name ?? 'Error', e?.code ? `(${e.code})` : '', message].filter(Boolean).join(' ');
}
