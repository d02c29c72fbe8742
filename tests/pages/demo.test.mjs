// The demo page (www/) as a user drives it, against the sandbox serving the page and the packed
// package: register, toggle a telematics parameter, expire the token on the server, fire 20
// parallel calls and see exactly one refresh; then log in by device token and read an error.
// Saves target/demo.png, the screenshot the README shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserWorld } from './browser.mjs';
import { root } from '../js/paths.mjs';

let world;

before(async () => {
  world = await startBrowserWorld({ www: join(root, 'www'), accessTtl: 300 });
});

after(async () => {
  await world?.close();
});

test('the demo registers, toggles, survives a server-side expiry with one refresh, and shows errors', { timeout: 60000 }, async () => {
  const { browser, service } = world;
  const context = await browser.newContext({ viewport: { width: 1360, height: 980 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${service.baseUrl}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const text = (selector) => page.locator(selector).textContent();

  const email = `ada-${Date.now()}@example.com`;
  await page.fill('input[name=firstName]', 'Ada');
  await page.fill('input[name=lastName]', 'Lovelace');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=phone]', '+44 20 7946 0000');
  await page.fill('input[name=birthday]', '1990-12-10');
  await page.selectOption('select[name=gender]', 'Female');
  await page.fill('input[name=clientId]', 'fleet-42');
  await page.click('#register');
  await page.waitForFunction(() => document.getElementById('profile-name')?.textContent === 'Ada Lovelace');
  assert.equal(await text('#session-state'), 'Signed in');
  const deviceToken = await text('#device-token');
  assert.match(deviceToken, /^[0-9a-f-]{36}$/);
  assert.match(await text('#expiry-text'), /^expires in [45]:\d\d$/);
  assert.equal(await page.isChecked('[data-flag=enableTracking]'), true);
  assert.equal(await page.isChecked('[data-flag=enableRealtimeLocation]'), false);

  // Toggle a telematics parameter; the service holds the new value.
  await page.click('label:has([data-flag=enableRealtimeLocation])');
  await page.waitForFunction(() => document.getElementById('flags-state').textContent === 'saved');
  const user = await service.findUser(deviceToken);
  assert.equal(user.UserFields[0].EnableRealTimeLocation, true);
  assert.equal(user.UserFields[0].EnableTracking, true);
  assert.equal(user.UserProfile.Email, email);

  // Expire every access token on the server, then fire 20 calls at once: one refresh for all.
  await service.resetCounters();
  await page.click('#expire');
  await page.waitForFunction(() => document.getElementById('expiry-text').dataset.serverExpired === 'true');
  await page.click('#burst');
  await page.waitForSelector('#burst-result:not([hidden])');
  assert.equal(await text('#burst-ok'), '20');
  assert.equal(await text('#burst-refreshes'), '1');
  assert.equal(await text('#burst-401'), '20');
  const counters = await service.counters();
  assert.deepEqual([counters.refreshes, counters.refreshReused, counters.unauthorized], [1, 0, 20]);
  assert.equal(await page.getAttribute('#history tr:first-child', 'data-reason'), 'refreshed');

  mkdirSync(join(root, 'target'), { recursive: true });
  await page.screenshot({ path: join(root, 'target', 'demo.png'), fullPage: true });

  // Sign out, then back in by device token (the form holds the one just registered).
  await page.click('#sign-out');
  await page.waitForFunction(() => document.getElementById('session-state').textContent === 'Signed out');
  assert.equal(await page.inputValue('#login-token'), deviceToken);
  await page.click('#login');
  await page.waitForFunction(() => document.getElementById('profile-name')?.textContent === 'Ada Lovelace');
  assert.equal(await page.getAttribute('#history tr:first-child', 'data-reason'), 'login');

  // The same email again: the service refuses it, and the page says so with the code.
  await page.fill('input[name=email]', email);
  await page.click('#register');
  const error = page.locator('#errors .error').first();
  await error.waitFor();
  assert.equal(await error.locator('.code').textContent(), 'validation');
  assert.match(await error.textContent(), /Email: A user with this Email already exists\./);
  assert.match(await error.textContent(), /HTTP 422/);
  assert.equal(await text('#session-state'), 'Signed in', 'a failed registration keeps the session');

  assert.deepEqual(pageErrors, []);
  await context.close();
});
