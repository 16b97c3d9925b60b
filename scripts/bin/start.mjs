// @ts-check
// `npm start`: rebuild the bundles if any source changed since the last build (see build.mjs),
// then run the launcher from the build with plain node.
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from './build.mjs';

const dir = await ensureBuild();
// The launcher spawns the subgraphs' host from the same build.
process.env.PLEIADI_BUILD_DIR = dir;
await import(pathToFileURL(path.join(dir, 'start-all.js')).href);
