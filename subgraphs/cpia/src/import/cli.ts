// npm run import -w @pleiadi/cpia -- <table> <file> | erase … | docs  (see the kit's import/cli.ts)
import { runImportCli } from '@pleiadi/kit/import/cli';
import { cpia } from '../server.ts';
import { cpiaImports } from './index.ts';

process.exitCode = await runImportCli(cpia as never, cpiaImports);
