// First, before anything loads Apollo's federation packages (see the module).
import './federation-exports.ts';
import { assertPortAvailable, createLogger, stopTracing } from '@pleiadi/kit';
import { configFromEnvironment } from './config.ts';
import { startGateway } from './server.ts';

const log = createLogger('gateway');
try {
  const config = configFromEnvironment();
  // A taken port is said at once, before the supergraph is loaded and checked.
  await assertPortAvailable(config.port, config.host);
  const running = await startGateway(config);
  // SIGHUP re-reads the supergraph now rather than at the next file event or poll.
  process.on('SIGHUP', () => void config.supergraphSource?.reload());
  // SIGTERM (a rolling deploy, a scale-down): /ready turns 503, no new connection is accepted,
  // requests in flight finish within PLEIADI_SHUTDOWN_GRACE_MS, the last spans are sent, exit 0.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining ${running.inFlight()} request(s) in flight`);
    void running
      .stop()
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
