// Running a Worker as Cloudflare does, for the Workers suite and the bench: bundled with Wrangler's
// export conditions and module rules, then served by workerd through Miniflare.
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

/** Bundles `entry` into `outdir/worker.js`, each .wasm kept as its own module (as Wrangler does). */
export async function bundle(entry, outdir, absWorkingDir) {
  await build({
    absWorkingDir,
    entryPoints: [entry],
    outdir,
    entryNames: 'worker',
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    loader: { '.wasm': 'copy' },
    logLevel: 'warning',
  });
  return outdir;
}

/** A Miniflare over a bundle: the .wasm modules are compiled by workerd, as in production. */
export function worker(outdir, options = {}) {
  return new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-07-01',
    ...options,
  });
}
