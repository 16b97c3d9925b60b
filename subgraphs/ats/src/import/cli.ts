// npm run import -w @pleiadi/ats -- <table> <file> --store ats_<ambit> | erase … | docs  (see the kit's import/cli.ts)
import { runImportCli } from '@pleiadi/kit/import/cli';
import { ats } from '../server.ts';
import { atsImports } from './index.ts';

process.exitCode = await runImportCli(ats as never, atsImports);
