// The size ratchet: the package as built by `make package` may not outgrow .ci/size-ceiling. Size
// is a fact of the build, not a timing, so it is checked here; time is only ever measured
// (`make bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';

/** The ceiling: the one line of .ci/size-ceiling that is not a comment. */
const ceiling = () => {
  const lines = readFileSync(join(root, '.ci', 'size-ceiling'), 'utf8').split('\n');
  const values = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(values.length, 1, '.ci/size-ceiling holds one number');
  assert.match(values[0], /^\d+$/, '.ci/size-ceiling holds a whole number of bytes');
  return Number(values[0]);
};

test('the package (wasm, and the glue with the shell bundled in, gzip) is within .ci/size-ceiling', (t) => {
  // A rustup wasm32 target cannot apply the package build's size flags (they need a std built
  // from source), so its package is larger and the ceiling, measured with the Debian recipe,
  // does not apply to it.
  const recipe = readFileSync(join(root, 'target', 'wasm-pkg', 'recipe'), 'utf8').trim();
  if (recipe === 'rustup') {
    t.skip('built with a rustup wasm32 target, without the size flags the ceiling is measured with');
    return;
  }
  assert.equal(recipe, 'build-std', 'target/wasm-pkg/recipe names the recipe that built the package');
  const sizes = JSON.parse(readFileSync(join(root, 'target', 'package-sizes.json'), 'utf8'));
  const files = Object.keys(sizes);
  for (const part of ['telematics_user_bg.wasm', 'telematics_user.js']) {
    assert.ok(files.includes(part), `package-sizes.json counts ${part}`);
  }
  // The shell's module is bundled into the ES glue: what a browser loads is these two files, so
  // the glue may import nothing that the count would miss.
  const glue = readFileSync(join(root, 'pkg', 'telematics_user.js'), 'utf8');
  assert.doesNotMatch(glue, /\bfrom\s*["']|\bimport\s*\(/, 'the ES glue imports no other module');
  assert.match(glue, /class extends Error|class UserServiceError/, 'the ES glue holds the shell (UserServiceError)');
  const gzip = Object.values(sizes).reduce((sum, s) => sum + s.gzip, 0);
  const limit = ceiling();
  assert.ok(
    gzip <= limit,
    `the package weighs ${gzip} B gzip, over the ceiling of ${limit} B in .ci/size-ceiling: ` +
      'cut it, or raise the ceiling with the reason in the commit',
  );
});
