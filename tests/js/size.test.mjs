// The size ratchet: the package as built by `make package` may not outgrow .ci/size-ceiling. Size
// is a fact of the build, not a timing, so it is checked here; time is only ever measured
// (`make bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';

// Issue 7's budget for the package (wasm and glue, gzip): 35 KB. A ceiling raised for a reason
// still may not pass it.
const BUDGET = 35_000;

/** A ceiling: the one line of `.ci/<file>` that is not a comment. */
const ceiling = (file) => {
  const lines = readFileSync(join(root, '.ci', file), 'utf8').split('\n');
  const values = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(values.length, 1, `.ci/${file} holds one number`);
  assert.match(values[0], /^\d+$/, `.ci/${file} holds a whole number of bytes`);
  return Number(values[0]);
};

/** Whether the package was built by the recipe the ceilings are measured with (else skips `t`). */
const measurable = (t) => {
  // A rustup wasm32 target cannot apply the package build's size flags (they need a std built
  // from source), so its package is larger and the ceilings, measured with the Debian recipe,
  // do not apply to it.
  const recipe = readFileSync(join(root, 'target', 'wasm-pkg', 'recipe'), 'utf8').trim();
  if (recipe === 'rustup') {
    t.skip('built with a rustup wasm32 target, without the size flags the ceilings are measured with');
    return false;
  }
  assert.equal(recipe, 'build-std', 'target/wasm-pkg/recipe names the recipe that built the package');
  return true;
};

/** The gzip sum of what `sizes` (a file of target/) counts, which must be exactly `parts`. */
const gzipOf = (sizes, parts) => {
  const counted = JSON.parse(readFileSync(join(root, 'target', sizes), 'utf8'));
  assert.deepEqual(Object.keys(counted).sort(), [...parts].sort(), `${sizes} counts ${parts.join(' and ')}`);
  return Object.values(counted).reduce((sum, s) => sum + s.gzip, 0);
};

test('the package (wasm, and the glue with the shell bundled in, gzip) is within the budget and .ci/size-ceiling', (t) => {
  if (!measurable(t)) return;
  const gzip = gzipOf('package-sizes.json', ['telematics_user_bg.wasm', 'telematics_user.js']);
  // The shell's module is bundled into the ES glue: what a browser loads is these two files, so
  // the glue may import nothing that the count would miss.
  const glue = readFileSync(join(root, 'pkg', 'telematics_user.js'), 'utf8');
  assert.doesNotMatch(glue, /\bfrom\s*["']|\bimport\s*\(/, 'the ES glue imports no other module');
  assert.match(glue, /class( [\w$]+)? extends Error/, 'the ES glue holds the shell (UserServiceError)');
  assert.ok(gzip <= BUDGET, `the package weighs ${gzip} B gzip, over issue 7's budget of ${BUDGET} B`);
  const limit = ceiling('size-ceiling');
  assert.ok(
    gzip <= limit,
    `the package weighs ${gzip} B gzip, over the ceiling of ${limit} B in .ci/size-ceiling: ` +
      'cut it, or raise the ceiling with the reason in the commit',
  );
});

test('the builders entry (wasm and glue, gzip) is within .ci/size-ceiling-builders', (t) => {
  if (!measurable(t)) return;
  const gzip = gzipOf('builders-sizes.json', ['telematics_user_builders_bg.wasm', 'telematics_user_builders.js']);
  const glue = readFileSync(join(root, 'pkg', 'telematics_user_builders.js'), 'utf8');
  assert.doesNotMatch(glue, /\bfrom\s*["']|\bimport\s*\(/, 'the ES glue imports no other module');
  const limit = ceiling('size-ceiling-builders');
  assert.ok(
    gzip <= limit,
    `the builders entry weighs ${gzip} B gzip, over the ceiling of ${limit} B in .ci/size-ceiling-builders: ` +
      'cut it, or raise the ceiling with the reason in the commit',
  );
});
