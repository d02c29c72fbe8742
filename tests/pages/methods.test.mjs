// Every contract method from the packed package in headless Chromium: the same scenario the
// tarball suite runs in Node, imported from /pkg/index.js and /pkg/builders.js (no init call) on a
// page.
import { test, before, after } from 'node:test';
import { scenario, check, names, builderNames, INSTANCE_ID, INSTANCE_KEY } from '../js/scenario.mjs';
import { startBrowserWorld, openPage } from './browser.mjs';
import assert from 'node:assert/strict';

let world;

before(async () => {
  world = await startBrowserWorld({ instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
});

after(async () => {
  await world?.close();
});

test('every method works from the package in Chromium', async () => {
  const context = await world.browser.newContext();
  const { page, errors } = await openPage(context, `${world.service.baseUrl}/pages/blank.html`);
  const body = scenario.replace('console.log(JSON.stringify(out));', 'return out;');
  const out = await page.evaluate(`(async () => {
    const { ${names} } = await import('/pkg/index.js');
    const { ${builderNames} } = await import('/pkg/builders.js');
    const process = { env: { BASE_URL: location.origin } };
    ${body}
  })()`);
  check(out, { baseUrl: world.service.baseUrl, browser: true });
  assert.deepEqual(errors, []);
  await context.close();
});
