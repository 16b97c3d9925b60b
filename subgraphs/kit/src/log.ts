// Structured logs (pino): one JSON object per line in production, a readable line in a terminal.
// Every line carries the service, and inside a request its request id and trace id (see
// telemetry/request-scope.ts). Nothing here ever receives a query's variables, a row, or a
// driver's error detail: those can hold personal data.
//
//   PLEIADI_LOG=info (default) | debug | warn | error | silent   every service
//   PLEIADI_LOG_<SERVICE>=debug                                    one service, e.g. PLEIADI_LOG_GATEWAY
//   PLEIADI_LOG_FORMAT=json | pretty                               default: pretty on a terminal outside production
import { pino, type Logger as PinoLogger } from 'pino';
import { currentRequest, scopeFields } from './telemetry/request-scope.ts';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function levelOf(service: string, env: NodeJS.ProcessEnv): string {
  const own = env[`PLEIADI_LOG_${service.toUpperCase().replace(/\W/g, '_')}`]?.trim().toLowerCase();
  const all = env.PLEIADI_LOG?.trim().toLowerCase();
  return [own, all].find((level) => level && LEVELS.includes(level)) ?? 'info';
}

function prettyWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.PLEIADI_LOG_FORMAT === 'json') return false;
  if (env.PLEIADI_LOG_FORMAT === 'pretty') return true;
  return env.NODE_ENV !== 'production' && process.stderr.isTTY === true;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OWN_KEYS = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname', 'reqId', 'traceId']);

/**
 * The terminal format, written in this thread: pino-pretty's worker-thread transport would add a
 * thread and its start-up to `npm start` for a few lines of output.
 */
export function prettyLine(json: string): string {
  const entry = JSON.parse(json) as Record<string, unknown>;
  const time = new Date(entry.time as number).toISOString().slice(11, 23);
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const extra = Object.entries(entry)
    .filter(([key]) => !OWN_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const request = entry.reqId ? ` (req ${String(entry.reqId)})` : '';
  return `${time} ${level} [${String(entry.service)}] ${String(entry.msg ?? '')}${extra.length ? ` ${extra.join(' ')}` : ''}${request}\n`;
}

let root: PinoLogger | undefined;
function rootLogger(): PinoLogger {
  if (root) return root;
  const pretty = prettyWanted(process.env);
  // Synchronous writes to stderr: a line logged just before process.exit is not lost.
  const destination = pretty ? { write: (line: string) => void process.stderr.write(prettyLine(line)) } : pino.destination({ dest: 2, sync: true });
  root = pino(
    {
      level: 'trace', // each service's child sets its own
      base: undefined, // no pid/hostname: the platform labels the process
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: { level: (_label, number) => ({ level: number }) },
      // A line's own fields (a scope passed on by hand) win over the stored scope's.
      mixin: () => scopeFields(currentRequest()),
    },
    destination,
  );
  return root;
}

const loggers = new Map<string, PinoLogger>();

export function createLogger(service: string): Logger {
  let logger = loggers.get(service);
  if (!logger) {
    logger = rootLogger().child({ service });
    loggers.set(service, logger);
  }
  // The level is read when a logger is asked for, so a test or a host may set it before starting a service.
  logger.level = levelOf(service, process.env);
  const log = logger;
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => {
    if (fields) log[level](fields, message);
    else log[level](message);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A driver or runtime error reduced to what is safe to log: its kind, SQLSTATE and a message with quoted values blanked. */
export function describeError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const message = (e?.message ?? String(error)).replace(/"[^"]*"|'[^']*'/g, '"…"').slice(0, 300);
  return [e?.name ?? 'Error', e?.code ? `(${e.code})` : '', message].filter(Boolean).join(' ');
}
