// The page behind --admin-token asks for the token once, and keeps working; its static files
// need no token; --admin-loopback-only still applies to them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, launchBrowser, startServer, threadHash } from './helpers.mjs';

const TOKEN = 'ui-s3cret';
let browser;
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
    for (const file of ['app.js', 'api.js', 'stream.js', 'bubbles.js', 'formatting.js', 'flow_form.js', 'steering.js', 'style.css']) {
      const res = await fetch(`${srv.endpoint}/_socialite/ui/${file}`);
      assert.equal(res.status, 200, file);
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
    // Counts every time the token dialog opens.
    await page.addInitScript(() => {
      window.tokenPrompts = 0;
      document.addEventListener('DOMContentLoaded', () => {
        const dialog = document.getElementById('token-dialog');
        new MutationObserver(() => {
          if (dialog.open) window.tokenPrompts += 1;
        }).observe(dialog, { attributes: true, attributeFilter: ['open'] });
      });
    });
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
    await tab.addInitScript(() => {
      window.tokenPrompts = 0;
      document.addEventListener('DOMContentLoaded', () => {
        const d = document.getElementById('token-dialog');
        new MutationObserver(() => {
          if (d.open) window.tokenPrompts += 1;
        }).observe(d, { attributes: true, attributeFilter: ['open'] });
      });
    });
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
