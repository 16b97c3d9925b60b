// npm run import -w @pleiadi/ial -- <table> <file> | erase … | docs  (see the kit's import/cli.ts)
import { runImportCli } from '@pleiadi/kit/import/cli';
import { ial } from '../server.ts';
import { ialImports } from './index.ts';

process.exitCode = await runImportCli(ial as never, ialImports);
