// The page behind --admin-token asks for the token once, and keeps working; its static files
// need no token; --admin-loopback-only still applies to them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, launchBrowser, startServer, threadHash } from './helpers.mjs';

const TOKEN = 'ui-s3cret';
let browser;

// Counts in window.tokenPrompts every time the token dialog opens, from the page's first
// moment (the first calls may be refused before the body is even parsed).
function countTokenPrompts(page) {
  return page.addInitScript(() => {
    window.tokenPrompts = 0;
    new MutationObserver((records) => {
      for (const r of records) if (r.target.id === 'token-dialog' && r.target.open) window.tokenPrompts += 1;
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['open'] });
  });
}
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('admin token', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--admin-token', TOKEN] });
  });
  after(async () => {
    await srv?.dispose();
  });

  test('static files are served without the token; data is not', async () => {
    const page = await fetch(`${srv.endpoint}/_socialite/ui/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    const etag = page.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{20}"$/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    await page.text();
    const again = await fetch(`${srv.endpoint}/_socialite/ui/`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const bare = await fetch(`${srv.endpoint}/_socialite/ui`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/_socialite/ui/');
    // The page names its files under v/<digest>/, cached for good; the bare names still answer.
    const html = await (await fetch(`${srv.endpoint}/_socialite/ui/`)).text();
    const files = [...html.matchAll(/(?:src|href)="(v\/[0-9a-f]{16}\/[a-z_]+\.(?:js|css|svg))"/g)].map((m) => m[1]);
    assert.deepEqual(files.map((f) => f.replace(/^v\/[0-9a-f]{16}\//, '')).sort(), ['favicon.svg', 'inbox.js', 'style.css'], html);
    for (const file of files) {
      const res = await fetch(`${srv.endpoint}/_socialite/ui/${file}`);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('cache-control'), 'max-age=31536000, immutable', file);
      await res.arrayBuffer();
    }
    for (const file of ['inbox.js', 'style.css']) {
      const res = await fetch(`${srv.endpoint}/_socialite/ui/${file}`);
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('cache-control'), 'no-cache', file);
      await res.arrayBuffer();
    }
    assert.equal((await fetch(`${srv.endpoint}/_socialite/ui/missing.js`)).status, 404);
    assert.equal((await fetch(`${srv.endpoint}/_socialite/messages`)).status, 401);
  });

  test('the page asks for the token once, then every view works', async () => {
    await fetch(`${srv.endpoint}/_socialite/inbound`, {
      method: 'POST',
      headers: { 'x-socialite-admin-token': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumberId: 'phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11', from: '14255550100', type: 'text', text: { body: 'behind a token' } }),
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await countTokenPrompts(page);
    await page.goto(`${srv.endpoint}/_socialite/ui/${threadHash()}`);
    const dialog = page.getByRole('dialog', { name: 'Admin token' });
    await dialog.waitFor();
    // A wrong token is refused and asked again.
    await dialog.getByLabel('Token').fill('wrong');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await dialog.locator('.token-error:not([hidden])').waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('#messages').getByText('behind a token').waitFor();
    await page.waitForSelector('#connection[data-state="live"]');
    for (const view of ['templates', 'events', 'requests', 'faults', 'conversations']) {
      await page.getByRole('link', { name: { templates: 'Templates', events: 'Events', requests: 'Requests', faults: 'Faults & clock', conversations: 'Conversations' }[view] }).click();
      await page.waitForSelector(`#view-${view}:not([hidden])`);
    }
    await page.reload();
    await page.locator('.thread', { hasText: 'behind a token' }).waitFor();
    assert.equal(await page.evaluate(() => window.tokenPrompts), 0, 'no prompt after a reload (sessionStorage)');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('socialite.adminToken')), TOKEN);
    assert.deepEqual(errors, []);
    await context.close();

    // A fresh tab of a fresh context: exactly one prompt however many calls were refused.
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    await countTokenPrompts(tab);
    await tab.goto(`${srv.endpoint}/_socialite/ui/#/conversations`);
    await tab.getByRole('dialog', { name: 'Admin token' }).waitFor();
    await new Promise((r) => setTimeout(r, 300));
    await tab.getByLabel('Token', { exact: true }).fill(TOKEN);
    await tab.getByRole('button', { name: 'Unlock' }).click();
    await tab.waitForSelector('html[data-ready="true"]');
    await tab.waitForSelector('#connection[data-state="live"]');
    assert.equal(await tab.evaluate(() => window.tokenPrompts), 1);
    await fresh.close();
  });
});

describe('loopback only', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--admin-loopback-only'] });
  });
  after(async () => {
    await srv?.dispose();
  });

  test('the page works from loopback', async () => {
    await fetch(`${srv.endpoint}/_socialite/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumberId: 'phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11', from: '14255550100', type: 'text', text: { body: 'from loopback' } }),
    });
    const page = await browser.newPage();
    await page.goto(`${srv.endpoint}/_socialite/ui/${threadHash()}`);
    await page.locator('#messages').getByText('from loopback').waitFor();
    await eventually(async () => (await page.locator('#connection').getAttribute('data-state')) === 'live', { what: 'live' });
    await page.close();
  });
});
