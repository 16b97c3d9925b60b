// npm run import -w @pleiadi/anci -- <table> <file> | docs  (see the kit's import/cli.ts)
import { runImportCli } from '@pleiadi/kit/import/cli';
import { anci } from '../server.ts';
import { anciImports } from './index.ts';

process.exitCode = await runImportCli(anci as never, anciImports);
