// The package as npm delivers it: `npm pack ./pkg`, then installed into a fresh temporary project,
// which is what every packaging suite (Node, TypeScript, Vite, workerd) starts from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './paths.mjs';

const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };

/** Packs pkg/ into `dir` and returns the tarball's path. */
export function pack(dir) {
  execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', dir, '--silent'], quiet);
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')));
}

/**
 * A temporary project with the packed package installed from its tarball, as a user's would be.
 * Returns `{ dir, write(file, text), remove() }`.
 */
export function project(name, manifest = {}) {
  const dir = mkdtempSync(join(tmpdir(), `telematics-user-${name}-`));
  const tarball = pack(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...manifest }));
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--silent'], { cwd: dir, ...quiet });
  return {
    dir,
    write: (file, text) => writeFileSync(join(dir, file), text),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
