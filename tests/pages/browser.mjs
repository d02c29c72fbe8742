// What the page tests share: the package as npm would install it (packed, then unpacked), the
// sandbox serving it and the test pages from one origin, and Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../js/sandbox.mjs';
import { record } from '../js/secrets.mjs';
import { pack } from '../js/tarball.mjs';
import { root } from '../js/paths.mjs';

/** Debian's headless Chromium (or `CHROMIUM`), as every page run and the bench use it. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Starts the sandbox (with `options`), serving the unpacked tarball at /pkg/, and a browser. */
export async function startBrowserWorld(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'telematics-user-page-'));
  execFileSync('tar', ['-xzf', pack(dir), '-C', dir]);
  const service = await startSandbox({
    ...options,
    pkg: join(dir, 'package'),
    mounts: { '/pages': join(root, 'tests', 'pages'), ...options.mounts },
  });
  const browser = await launchChromium();
  // The leak watch sees every page: console lines, uncaught errors, what is posted on a
  // BroadcastChannel, and the text each page shows when the suite ends.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    await context.addInitScript(() => {
      const post = BroadcastChannel.prototype.postMessage;
      BroadcastChannel.prototype.postMessage = function (message) {
        console.debug('[channel ' + this.name + '] ' + JSON.stringify(message));
        return post.call(this, message);
      };
      addEventListener('unhandledrejection', (e) => console.error('[unhandled] ' + String(e.reason)));
    });
    context.on('page', (page) => {
      page.on('console', (m) => record('page', 'console.' + m.type(), m.text()));
      page.on('pageerror', (e) => record('page', 'pageerror', e));
    });
    const closeContext = context.close.bind(context);
    context.close = async (...a) => {
      for (const page of context.pages()) {
        const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => null);
        if (text !== null) record('page', 'text of ' + page.url(), text);
      }
      return closeContext(...a);
    };
    return context;
  };
  const close = async () => {
    for (const context of browser.contexts()) await context.close();
    await browser.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { service, browser, close };
}

/** Opens a page of the origin and waits until its module has loaded. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true);
  return { page, errors };
}
