// Vite builds two pages into dist/: the regional tables' page (index.html, plain TypeScript and
// Observable Plot) and the GraphiQL explorer (explorer.html, React), each with its own chunks so the
// page never loads React. Everything is bundled: the built files need no network but the gateway's.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
export const OPERATIONS_DIR = path.resolve(here, '../schema/operations');
const VIRTUAL = 'virtual:pleiadi-operations';

/**
 * The registered operations (schema/operations/*.graphql) as a module: name → { text, hash }, the
 * hash being the SHA-256 of the file's exact bytes, as the gateway's safelist computes it.
 */
function registeredOperations(): Plugin {
  return {
    name: 'pleiadi-operations',
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      const operations: Record<string, { text: string; hash: string }> = {};
      for (const file of readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql')).sort()) {
        this.addWatchFile(path.join(OPERATIONS_DIR, file));
        const text = readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
        const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/m.exec(text)?.[1];
        if (name) operations[name] = { text, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
      }
      return `export default ${JSON.stringify(operations)};`;
    },
  };
}

export default defineConfig({
  root: here,
  mode: 'production',
  // React's production build whoever runs the build (vitest sets NODE_ENV=test, npm start development).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  // Relative asset URLs: the same files work under the gateway's /app/ or any static host's folder.
  base: './',
  plugins: [registeredOperations()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { index: path.join(here, 'index.html'), explorer: path.join(here, 'explorer.html') },
      // GraphiQL's React packages mark themselves "use client", which means nothing in a plain bundle.
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
    },
  },
  // graphql ships CJS and ESM builds; GraphiQL and our code must share one.
  resolve: { dedupe: ['graphql', 'react', 'react-dom'] },
});
