// Where things are, for every JS suite. No side effects: any module may import it.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The dev tools' node_modules (vite, esbuild, miniflare, typescript), from tests/package-lock.json. */
export const tools = join(root, 'tests', 'node_modules');
/** Where the leak watch (secrets.mjs) writes and the leak check (tests/leaks/) reads. */
export const secretsFolder = join(root, 'target', 'secrets');
