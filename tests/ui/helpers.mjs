// Shared by the browser tests of the inbox page: headless Debian chromium (playwright-core),
// a real build/socialite (tests/contract/helpers/server.mjs), the pinned AWS SDK to send
// messages, and small waits.
//
//   const srv = await startServer({ args: ['--clock', 'manual'] });
//   const browser = await launchBrowser();
//   const page = await openInbox(browser, srv, '#/conversations');
//   const wamid = await send(sdk(srv), textMessage('hi'));
//   const suite = useSuite({ args: ['--clock', 'manual'] });  // all of it, for a test file
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { after, before, beforeEach } from 'node:test';
import {
  PutWhatsAppBusinessAccountEventDestinationsCommand,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { chromium } from 'playwright-core';

import { startServer } from '../contract/helpers/server.mjs';
import { startReceiver } from '../contract/helpers/receiver.mjs';

export { startReceiver, startServer };

export const PHONE = 'phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11';
export const WABA = 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
export const DESTINATION = 'arn:aws:sns:us-east-1:000000000000:inbox-tests';
export const CUSTOMER = '14255550100';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Debian's chromium (CHROMIUM_PATH overrides). */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('chromium not found: apt-get install chromium (tests/ui/packages.txt), or set CHROMIUM_PATH');
  return found;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** An SDK client for the server (this package's pinned SDK). */
export function sdk(srv) {
  return new SocialMessagingClient({
    endpoint: srv.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** SendWhatsAppMessage of a Meta message object from the fixture number; returns the wamid. */
export async function send(client, message, phone = PHONE) {
  const out = await client.send(
    new SendWhatsAppMessageCommand({
      originationPhoneNumberId: phone,
      message: new TextEncoder().encode(JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${CUSTOMER}`, ...message })),
      metaApiVersion: 'v20.0',
    }),
  );
  assert.match(out.messageId ?? '', /^wamid\./);
  return out.messageId;
}

/** Points the fixture WABA's events at DESTINATION (a reset clears it). */
export async function useDestination(client, arn = DESTINATION) {
  await client.send(new PutWhatsAppBusinessAccountEventDestinationsCommand({ id: WABA, eventDestinations: [{ eventDestinationArn: arn }] }));
}

/** A plain admin call; asserts a 2xx answer and returns its JSON. */
export async function admin(srv, method, path, body, headers = {}) {
  const res = await srv.raw(method, `/_socialite/${path}`, { body, headers });
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
  return res.json;
}

/** The customer writes (POST /_socialite/inbound); returns the wamid. */
export async function inbound(srv, content = { type: 'text', text: { body: 'Hello!' } }, from = CUSTOMER) {
  const out = await admin(srv, 'POST', 'inbound', { phoneNumberId: PHONE, from, name: 'Diego', ...content });
  return out.wamid;
}

export const advance = (srv, seconds) => admin(srv, 'POST', 'clock/advance', { seconds });

/** The hash of a thread of the fixture number. */
export const threadHash = (customer = CUSTOMER, phone = PHONE) => `#/conversations/${phone}/${customer}`;

/** Opens the inbox at `hash` and waits for its first render. Page errors fail the test. */
export async function openInbox(browser, srv, hash = '', { context } = {}) {
  const page = await (context ?? browser).newPage();
  page.setDefaultTimeout(10_000);
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error));
  await page.goto(`${srv.endpoint}/_socialite/ui/${hash}`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 10_000 });
  return page;
}

/** The bubble row of a wamid (a Locator). */
export const bubble = (page, wamid) => page.locator(`[data-wamid="${wamid}"]`);

/** Polls `fn` until it returns a truthy value (bounded); returns that value. */
export async function eventually(fn, { timeout = 5000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(interval);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** The Meta messages (customer messages) inside the raw envelopes a receiver got. */
export function webhookMessages(rx) {
  return rx.requests
    .map((r) => r.body)
    .filter((env) => env && typeof env.whatsAppWebhookEntry === 'string')
    .flatMap((env) => JSON.parse(env.whatsAppWebhookEntry).changes.flatMap((c) => c.value.messages ?? []));
}

/** Fails when the page logged uncaught errors. */
export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors.map((e) => e.message), []);
}

/**
 * The usual setup of a test file: a webhook receiver, a server whose DESTINATION posts to it
 * (plus `args`), an SDK client and a browser, made before the file's tests and closed after
 * them; before each test the server is reset, DESTINATION set again and the receiver emptied.
 * Returns {srv, rx, client, browser}, filled in once the file's `before` has run.
 */
export function useSuite({ args = [] } = {}) {
  const suite = {};
  before(async () => {
    suite.rx = await startReceiver();
    suite.srv = await startServer({ args: [...args, '--webhook-raw', `${DESTINATION}=${suite.rx.url('/hook')}`] });
    suite.client = sdk(suite.srv);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.srv?.dispose();
    await suite.rx?.close();
  });
  beforeEach(async () => {
    await suite.srv.reset();
    await useDestination(suite.client);
    suite.rx.reset();
  });
  return suite;
}

/** The order_ready utility template (header, body with two parameters, footer, two buttons). */
export function orderReadyTemplate({ trackText = 'Track' } = {}) {
  return {
    name: 'order_ready',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready for pickup today.', example: { body_text: [['Ana', '#48213']] } },
      { type: 'FOOTER', text: 'Corner Bakery' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'On my way' }, { type: 'URL', text: trackText, url: 'https://example.com/t/{{1}}', example: ['https://example.com/t/1'] }] },
    ],
  };
}

/** A message of the order_ready template for `customer`'s order number `order` (digits). */
export function orderReadyMessage(customer, order) {
  return {
    type: 'template',
    template: {
      name: 'order_ready',
      language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: `#${order}` }] },
        { type: 'body', parameters: [{ type: 'text', text: customer }, { type: 'text', text: `#${order}` }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: order }] },
      ],
    },
  };
}

// In the page: once its first render is marked, the page's marks, its navigation and the
// resources it loaded, as ms since navigation (Navigation and Resource Timing).
const TIMINGS_AFTER_FIRST_RENDER = `new Promise((resolve) => {
  const ms = (t) => Math.round(t * 10) / 10;
  const timings = () => {
    const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('socialite:', ''), ms(m.startTime)]));
    const nav = performance.getEntriesByType('navigation')[0];
    const resource = (e) => ({ name: e.name.replace(location.origin + '/_socialite/', ''), start: ms(e.startTime), request: ms(e.requestStart), firstByte: ms(e.responseStart), end: ms(e.responseEnd), bytes: e.transferSize });
    return {
      marks,
      nav: { ...resource(nav), domInteractive: ms(nav.domInteractive), domContentLoaded: ms(nav.domContentLoadedEventEnd) },
      resources: performance.getEntriesByType('resource').map(resource),
    };
  };
  if (performance.getEntriesByName('socialite:first-render').length) return resolve(timings());
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName('socialite:first-render').length) return;
    observer.disconnect();
    resolve(timings());
  }).observe({ type: 'mark' });
})`;

const SETTLE_MS = 300;

/**
 * A page in a browser context of its own (an empty cache), with a CDP session, for measuring
 * a first load. Opening it keeps Chromium's browser process busy for a while after newPage()
 * returns (Playwright instruments the new context and page); that work is the harness's, not a
 * user's page load, so this waits for it to pass before handing the page over.
 */
export async function openBlankPageToMeasure(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await sleep(SETTLE_MS);
  return { context, page, cdp };
}

/**
 * The bare page that the inbox's first render is measured against, side by side: a served
 * HTML page of a heading, a paragraph and the first-render mark, with nothing to load. What
 * it takes is this machine's and this browser's share of any page load. Returns {url, close}.
 */
export async function startBarePage() {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare page</title></head>' +
    '<body><h1>Bare page</h1><p>Nothing to load.</p><script>performance.mark("socialite:first-render")</script></body></html>';
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Navigates (`navigate(options)`, e.g. page.goto or page.reload) and returns the page's
 * timings once its first render is marked: {marks, nav, resources}. It waits through a bare
 * CDP call (`cdp`, a session of the page), not a Playwright selector, whose injected script
 * would run on the page's main thread in the middle of what is measured.
 */
export async function timingsOfFirstRender(cdp, navigate) {
  await navigate({ waitUntil: 'commit' });
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: TIMINGS_AFTER_FIRST_RENDER, awaitPromise: true, returnByValue: true });
  assert.equal(exceptionDetails, undefined, JSON.stringify(exceptionDetails));
  return result.value;
}

/** A customer of seedConversations: the i-th of them. */
export const seededCustomer = (i) => String(14255560000 + i);

/**
 * Fills the fixture number with `total` text messages over `customers` threads: half written
 * by the customers (each writes first), half answered through the SDK, 8 at a time.
 */
export async function seedConversations(srv, { total = 1000, customers = 40 } = {}) {
  const client = sdk(srv);
  const inParallel = (count, job) => {
    let next = 0;
    return Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await job(next++);
      }),
    );
  };
  const customer = (i) => seededCustomer(i % customers);
  await inParallel(total / 2, (i) => inbound(srv, { type: 'text', text: { body: `question ${i} about *order* ${i}` } }, customer(i)));
  await inParallel(total / 2, (i) => send(client, { to: `+${customer(i)}`, type: 'text', text: { body: `answer ${i}: _yes_, ready` } }));
}
