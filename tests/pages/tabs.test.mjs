// Several tabs of one origin in headless Chromium share one session in localStorage, with access
// tokens that live 3 seconds, for about a minute (TABS_SECONDS). No tab may ever lose the
// session, and the service must never see a refresh token twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserWorld, openPage } from './browser.mjs';
import { INSTANCE_ID, INSTANCE_KEY } from '../js/scenario.mjs';

const TABS = 5;
const SECONDS = Number(process.env.TABS_SECONDS || 60);
const LIFETIME = 3;
let world;

before(async () => {
  world = await startBrowserWorld({ accessTtl: LIFETIME, instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
  // Refreshes take 150 ms, as over a real network: that widens every race window.
  await world.service.fault({ path: 'RefreshToken', delayMs: 150, count: 0 });
});

after(async () => {
  await world?.close();
});

test(`${TABS} tabs over one localStorage keep one session for ${SECONDS} s`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  const { service, browser } = world;
  const context = await browser.newContext();
  const tabs = [];
  for (let i = 0; i < TABS; i += 1) tabs.push(await openPage(context, `${service.baseUrl}/pages/tabs.html`));
  const pages = tabs.map((t) => t.page);
  await pages[0].evaluate(([id, key]) => window.login(id, key), [INSTANCE_ID, INSTANCE_KEY]);
  // Chromium hands a localStorage write to other tabs asynchronously: start the run once every
  // tab sees the signed-in session, as a user's other tabs would after a login.
  await Promise.all(pages.map((p) => p.waitForFunction(() => window.hasSession(), null, { polling: 50, timeout: 5000 })));
  const reports = await Promise.all(pages.map((p) => p.evaluate((s) => window.run(s), SECONDS)));

  const counters = await service.counters();
  assert.equal(counters.refreshReused, 0, 'a refresh token was presented twice');
  assert.equal(counters.refreshRejected, 0, 'a refresh was refused');
  // Tokens live 3 s and are refreshed 1 s early: at least one rotation every 2 s or so happened,
  // and they were shared, not one per tab.
  const refreshes = counters.refreshes;
  assert.ok(refreshes >= SECONDS / LIFETIME, `only ${refreshes} refreshes`);
  reports.forEach((r, i) => {
    assert.deepEqual(r.errors, [], `tab ${i} saw errors`);
    assert.equal(r.lost, 0, `tab ${i} lost the session`);
    assert.ok(r.session && r.session.accessToken, `tab ${i} ends without a session`);
    assert.ok(r.calls > SECONDS, `tab ${i} made only ${r.calls} calls`);
  });
  const external = reports.reduce((n, r) => n + r.events.filter((e) => e === 'external').length, 0);
  assert.ok(external > 0, 'no tab heard of another tab\'s rotation');
  console.log(`# ${TABS} tabs, ${SECONDS} s: ${reports.reduce((n, r) => n + r.calls, 0)} calls, ` +
    `${refreshes} refreshes, ${external} external events, 0 refresh tokens reused`);
  assert.deepEqual(tabs.flatMap((t) => t.errors), [], 'a page threw');
  await context.close();
});
