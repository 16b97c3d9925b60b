import { createLogger } from '@pleiadi/kit';
import { configFromEnvironment } from './config.ts';
import { startGateway } from './gateway.ts';

try {
  const running = await startGateway(configFromEnvironment());
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  createLogger('gateway').error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
