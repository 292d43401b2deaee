// The first view the server renders into the page (server/ui/first_view.h): the business
// numbers, the threads, the empty chat and the clock are on screen before the page's script
// has arrived, and they are the very nodes the script renders once it has (compared node by
// node, attributes and text). Under --admin-token the page carries none of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CUSTOMER, PHONE, admin, advance, assertNoPageErrors, launchBrowser, openInbox, sdk, send, startServer } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// The subtrees the server fills, as a canonical string (attributes sorted, text merged), in
// the page's own DOM or in the server's HTML parsed apart from the page.
const SLOTS = ['#accounts', '#threads', '#chat-head', '#messages', '#clock'];
function canonicalSlots({ slots, html }) {
  const canonical = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const attributes = [...node.attributes].map((a) => ` ${a.name}=${JSON.stringify(a.value)}`).sort().join('');
    return `<${node.localName}${attributes}>${[...node.childNodes].map(canonical).join('')}</${node.localName}>`;
  };
  const root = html === undefined ? document : new DOMParser().parseFromString(html, 'text/html');
  return Object.fromEntries(
    slots.map((selector) => {
      const copy = root.querySelector(selector).cloneNode(true);
      copy.normalize();
      return [selector, [...copy.childNodes].map(canonical).join('')];
    }),
  );
}

// The server's first view and the script's render of the same page, side by side.
async function bothRenders(srv) {
  const html = await (await fetch(`${srv.endpoint}/_socialite/ui/`)).text();
  const context = await browser.newContext();
  const asked = [];
  context.on('request', (request) => asked.push(new URL(request.url()).pathname.replace('/_socialite/', '')));
  const page = await openInbox(browser, srv, '', { context });
  try {
    const server = await page.evaluate(canonicalSlots, { slots: SLOTS, html });
    const script = await page.evaluate(canonicalSlots, { slots: SLOTS });
    assertNoPageErrors(page);
    assert.equal(await page.evaluate(() => window.injected), undefined, 'text from a customer stays text');
    // The script took the answers the page carries instead of asking for them again (it reads
    // the threads once more when its stream has opened).
    const beforeStream = asked.includes('stream') ? asked.slice(0, asked.indexOf('stream')) : asked;
    assert.ok(!beforeStream.includes('accounts') && !beforeStream.includes('conversations'), asked.join(' '));
    return { server, script, html };
  } finally {
    await context.close();
  }
}

const inboundFrom = (srv, from, name, body) => admin(srv, 'POST', 'inbound', { phoneNumberId: PHONE, from, name, type: 'text', text: { body } });

describe('the first view, without --admin-token', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--clock', 'manual'] });
  });
  after(async () => {
    await srv?.dispose();
  });

  test('with no thread yet it is what the script renders', async () => {
    const { server, script } = await bothRenders(srv);
    assert.match(server['#threads'], /No chats yet/);
    assert.match(server['#chat-head'], /No chat open/);
    assert.match(server['#accounts'], /All numbers/);
    assert.deepEqual(server, script);
  });

  test('with threads of every kind it is what the script renders', async () => {
    await inboundFrom(srv, CUSTOMER, 'Diego', 'Hello!');
    await inboundFrom(srv, '14255550101', 'élodie', 'Bonjour <b>&"\'</b>');
    await inboundFrom(srv, '14255550102', '  ßeta', 'spaces first');
    await inboundFrom(srv, '14255550103', 'ωmega', 'Greek');
    await inboundFrom(srv, '14255550104', '😀 Joy', 'emoji first');
    await inboundFrom(srv, '14255550105', 'жанна', 'Cyrillic');
    await inboundFrom(srv, '14255550106', undefined, 'no name');
    await inboundFrom(srv, '14255550108', '</script><script>window.injected = 1</script>', '<!-- </script>');
    // An answer from the business (its preview is marked) and a window that has closed.
    await send(sdk(srv), { to: '+14255550101', type: 'text', text: { body: 'Merci *beaucoup*' } });
    await advance(srv, 25 * 3600);
    await inboundFrom(srv, '14255550107', 'Late', 'after a day');
    const { server, script } = await bothRenders(srv);
    assert.equal((server['#threads'].match(/<a /g) ?? []).length, 9);
    for (const text of ['"D"', '"É"', '"SS"', '"Ω"', '"😀"', '"Ж"', '"👤"', '"↪ Merci *beaucoup*"', 'window-dot open', '"Window closed"']) {
      assert.ok(server['#threads'].includes(text), `${text} in ${server['#threads']}`);
    }
    assert.deepEqual(server, script);
  });

  test('the page shows it before its script has arrived, and marks it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let releaseScript;
    const held = new Promise((resolve) => (releaseScript = resolve));
    await page.route('**/inbox.js', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${srv.endpoint}/_socialite/ui/`, { waitUntil: 'commit' });
      await page.waitForSelector('.thread');
      assert.equal(await page.locator('.thread').count(), 9);
      assert.equal(await page.locator('html[data-ready]').count(), 0, 'the script has not run yet');
      assert.ok(await page.getByText('No chat open').isVisible());
      assert.ok(await page.locator('#reply').isDisabled());
      // Nothing can be clicked before the script's handlers exist.
      assert.equal(await page.locator('main[inert]').count(), 1);
      await assert.rejects(page.locator('.thread').first().click({ timeout: 300 }), /Timeout/, 'a click waits for the script');
      const marked = await page.evaluate(() => performance.getEntriesByName('socialite:first-render').length);
      assert.equal(marked, 1, 'the server-rendered view marks its first render');
      releaseScript();
      await page.waitForSelector('html[data-ready="true"]');
      assert.equal(await page.locator('main[inert]').count(), 0);
      assert.equal(await page.evaluate(() => performance.getEntriesByName('socialite:first-render').length), 1, 'marked once');
      // The script has taken over: a thread opens, and its reply box with it.
      await page.locator('.thread').first().click();
      await page.waitForSelector('#messages .row');
      assert.ok(await page.getByRole('textbox', { name: 'Reply as customer' }).isEnabled());
    } finally {
      releaseScript();
      await context.close();
    }
  });

  test('a page opened on a thread leaves the mark to the script, which renders the thread', async () => {
    const page = await openInbox(browser, srv, `#/conversations/${PHONE}/${CUSTOMER}`);
    try {
      const [first, ready] = await page.evaluate(() => ['first-render', 'ready'].map((n) => performance.getEntriesByName(`socialite:${n}`)[0]?.startTime));
      assert.ok(first >= ready, `the server did not mark a view it did not render (first render ${first} ms, ready ${ready} ms)`);
      assert.ok(await page.getByRole('textbox', { name: 'Reply as customer' }).isEnabled());
    } finally {
      await page.close();
    }
  });

  test('the page holds data, so it is never cached', async () => {
    const res = await fetch(`${srv.endpoint}/_socialite/ui/`);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('etag'), null);
    assert.match(res.headers.get('content-security-policy'), /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    await res.text();
  });
});

describe('the first view under --admin-token', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--admin-token', 'first-view-token'] });
    await admin(srv, 'POST', 'inbound', { phoneNumberId: PHONE, from: CUSTOMER, name: 'Secret Diego', type: 'text', text: { body: 'private words' } }, { 'x-socialite-admin-token': 'first-view-token' });
  });
  after(async () => {
    await srv?.dispose();
  });

  test('the public page carries no data and no mark', async () => {
    const html = await (await fetch(`${srv.endpoint}/_socialite/ui/`)).text();
    for (const secret of ['Secret Diego', 'private words', 'class="thread"', 'performance.mark', 'first-view:']) {
      assert.ok(!html.includes(secret), `${secret} is not in the page`);
    }
  });
});
