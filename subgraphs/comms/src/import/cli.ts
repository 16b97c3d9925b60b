// npm run import -w @pleiadi/comms -- <table> <file> | docs  (see the kit's import/cli.ts)
import { runImportCli } from '@pleiadi/kit/import/cli';
import { comms } from '../server.ts';
import { commsImports } from './index.ts';

process.exitCode = await runImportCli(comms as never, commsImports);
