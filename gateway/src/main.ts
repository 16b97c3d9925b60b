import { assertPortAvailable, createLogger } from '@pleiadi/kit';
import { configFromEnvironment } from './config.ts';
import { startGateway } from './server.ts';

try {
  const config = configFromEnvironment();
  // A taken port is said at once, before the supergraph is loaded and checked.
  await assertPortAvailable(config.port, config.host);
  const running = await startGateway(config);
  // SIGHUP re-reads the supergraph now rather than at the next file event or poll.
  process.on('SIGHUP', () => void config.supergraphSource?.reload());
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  createLogger('gateway').error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
