// The gateway replicas' shared Redis (REDIS_URL, e.g. redis://cache:6379/0; keys under
// PLEIADI_REDIS_PREFIX, default `pleiadi:`): one connection for commands, one for the replicas'
// event channel. Redis being down never fails a request: commands fail fast (no offline queue,
// a short timeout) and the callers treat a failure as a miss or an allowed request.
import { Redis } from 'ioredis';
import { createLogger, describeError } from '@pleiadi/kit';

const log = createLogger('gateway');

export interface SharedRedis {
  command: Redis;
  prefix: string;
  /** Sends an event to every replica (this one included). */
  publish(event: ReplicaEvent): void;
  onEvent(listener: (event: ReplicaEvent) => void): void;
  close(): Promise<void>;
}

/** What replicas tell each other: a supergraph was loaded (the others reload theirs). */
export type ReplicaEvent = { type: 'supergraph'; hash: string; from: string };

export function redisFromEnvironment(env: NodeJS.ProcessEnv = process.env): { url: string; prefix: string } | undefined {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw new Error('REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0.');
  const prefix = env.PLEIADI_REDIS_PREFIX ?? 'pleiadi:';
  if (!/^[\w:.-]{0,64}$/.test(prefix)) throw new Error('PLEIADI_REDIS_PREFIX may hold letters, digits and _ : . - only (at most 64).');
  return { url, prefix };
}

export async function connectRedis(options: { url: string; prefix: string }): Promise<SharedRedis> {
  const settings = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 } as const;
  const command = new Redis(options.url, settings);
  const subscriber = new Redis(options.url, { ...settings, commandTimeout: undefined, enableOfflineQueue: true, maxRetriesPerRequest: null });
  let lastError = '';
  for (const connection of [command, subscriber]) {
    connection.on('error', (error: unknown) => {
      const message = describeError(error);
      if (message !== lastError) log.warn(`redis: ${message}`);
      lastError = message;
    });
    connection.on('ready', () => {
      if (lastError) log.info('redis: connected again');
      lastError = '';
    });
  }
  // A replica starts even if Redis is not up yet; it reconnects on its own.
  await Promise.all([command.connect(), subscriber.connect()]).catch((error: unknown) => log.warn(`redis: not reachable at start (${describeError(error)}); serving without it until it is`));
  const channel = `${options.prefix}events`;
  const listeners = new Set<(event: ReplicaEvent) => void>();
  await subscriber.subscribe(channel).catch(() => {});
  subscriber.on('message', (_channel: string, message: string) => {
    let event: ReplicaEvent;
    try {
      event = JSON.parse(message) as ReplicaEvent;
    } catch {
      return;
    }
    for (const listener of listeners) listener(event);
  });
  return {
    command,
    prefix: options.prefix,
    publish: (event) => void command.publish(channel, JSON.stringify(event)).catch((error: unknown) => log.warn(`redis: event not sent (${describeError(error)})`)),
    onEvent: (listener) => void listeners.add(listener),
    close: async () => {
      await Promise.allSettled([command.quit(), subscriber.quit()]);
      command.disconnect();
      subscriber.disconnect();
    },
  };
}
