// Shared by the browser tests of the inbox page: headless Debian chromium (playwright-core),
// a real build/socialite (tests/contract/helpers/server.mjs), the pinned AWS SDK to send
// messages, and small waits.
//
//   const srv = await startServer({ args: ['--clock', 'manual'] });
//   const browser = await launchBrowser();
//   const page = await openInbox(browser, srv, '#/conversations');
//   const wamid = await send(sdk(srv), textMessage('hi'));
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  PutWhatsAppBusinessAccountEventDestinationsCommand,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { chromium } from 'playwright-core';

export { startServer } from '../contract/helpers/server.mjs';
export { startReceiver } from '../contract/helpers/receiver.mjs';

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
