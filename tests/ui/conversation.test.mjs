// The Conversations view in a real browser: a message sent through the SDK appears and its
// ticks advance; replying as the customer reaches the webhook; buttons and list rows can be
// tapped; media can be attached.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CUSTOMER,
  admin,
  advance,
  assertNoPageErrors,
  bubble,
  eventually,
  inbound,
  openInbox,
  send,
  threadHash,
  useSuite,
  webhookMessages,
} from './helpers.mjs';

const suite = useSuite({ args: ['--clock', 'manual'] });

// The first customer message at the webhook that `match`es (the manual clock is nudged so
// that what is due is delivered).
function atWebhook(match, what) {
  return eventually(async () => {
    await advance(suite.srv, 0);
    return webhookMessages(suite.rx).find(match);
  }, { what });
}

describe('conversations', () => {
  test('a message sent through the SDK appears live and its ticks advance to read', async () => {
    await inbound(suite.srv, { type: 'text', text: { body: 'Is my order ready?' } });
    const page = await openInbox(suite.browser, suite.srv, threadHash());
    await page.waitForSelector('#connection[data-state="live"]');
    await page.locator('#messages').getByText('Is my order ready?').waitFor();

    const sentAt = Date.now();
    const wamid = await send(suite.client, { type: 'text', text: { body: 'Yes, *ready* for pickup!' } });
    await bubble(page, wamid).waitFor({ timeout: 5000 });
    const latency = Date.now() - sentAt;
    console.log(`# SDK send to bubble on screen: ${latency} ms`);
    assert.ok(latency < 2000, `the bubble took ${latency} ms`);
    assert.equal(await bubble(page, wamid).locator('strong').textContent(), 'ready');
    const ticks = bubble(page, wamid).locator('.ticks');
    assert.equal(await ticks.getAttribute('data-status'), 'accepted');

    await advance(suite.srv, 0.2);
    await page.waitForSelector(`[data-wamid="${wamid}"] .ticks[data-status="sent"]`);
    assert.equal(await ticks.textContent(), '✓');
    await advance(suite.srv, 0.5);
    await page.waitForSelector(`[data-wamid="${wamid}"] .ticks[data-status="delivered"]`);
    assert.equal(await ticks.textContent(), '✓✓');
    await advance(suite.srv, 2);
    await page.waitForSelector(`[data-wamid="${wamid}"] .ticks[data-status="read"]`);
    const color = await ticks.evaluate((el) => getComputedStyle(el).color);
    assert.equal(color, 'rgb(83, 189, 235)', 'read ticks are blue');
    assertNoPageErrors(page);
    await page.close();
  });

  test('a failed message shows Meta code and title on hover', async () => {
    // No inbound first: a free-form text outside the window fails with 131047.
    await inbound(suite.srv, { type: 'text', text: { body: 'hi' } }, '14255550111');
    const page = await openInbox(suite.browser, suite.srv, threadHash());
    const wamid = await send(suite.client, { type: 'text', text: { body: 'Outside the window' } });
    await advance(suite.srv, 1);
    const failed = page.locator(`[data-wamid="${wamid}"] .ticks[data-status="failed"]`);
    await failed.waitFor();
    const title = await failed.getAttribute('title');
    assert.match(title, /131047/);
    assert.match(title, /Re-engagement message/i);
    await page.close();
  });

  test('replying as the customer sends an inbound text that reaches the webhook', async () => {
    await inbound(suite.srv, { type: 'text', text: { body: 'First' } });
    const page = await openInbox(suite.browser, suite.srv, threadHash());
    const box = page.getByRole('textbox', { name: 'Reply as customer', exact: true });
    await box.fill('Can I pick it up at 5?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.row.in', { hasText: 'Can I pick it up at 5?' }).waitFor();
    assert.equal(await box.inputValue(), '');
    const message = await atWebhook((m) => m.text?.body === 'Can I pick it up at 5?', 'the inbound event at the webhook');
    assert.equal(message.from, CUSTOMER);
    assert.equal(message.type, 'text');
    // Enter sends too.
    await box.fill('Thanks');
    await box.press('Enter');
    await atWebhook((m) => m.text?.body === 'Thanks', 'the second inbound event');
    assertNoPageErrors(page);
    await page.close();
  });

  test('tapping a reply button and a list row answers as the customer', async () => {
    await inbound(suite.srv);
    const page = await openInbox(suite.browser, suite.srv, threadHash());
    const buttons = await send(suite.client, {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick a delivery slot' },
        action: { buttons: [{ type: 'reply', reply: { id: 'slot-am', title: 'Morning' } }, { type: 'reply', reply: { id: 'slot-pm', title: 'Evening' } }] },
      },
    });
    await bubble(page, buttons).getByRole('button', { name: 'Evening' }).click();
    const reply = await atWebhook((m) => m.interactive?.type === 'button_reply', 'button_reply');
    assert.deepEqual(reply.interactive.button_reply, { id: 'slot-pm', title: 'Evening' });
    assert.equal(reply.context.id, buttons);
    await page.locator('.row.in', { hasText: 'Evening' }).waitFor();

    const list = await send(suite.client, {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Which store?' },
        action: { button: 'Stores', sections: [{ title: 'London', rows: [{ id: 'soho', title: 'Soho', description: 'Open late' }, { id: 'bank', title: 'Bank' }] }] },
      },
    });
    await bubble(page, list).getByRole('button', { name: 'Stores' }).click();
    await bubble(page, list).getByRole('button', { name: /Soho/ }).click();
    const row = await atWebhook((m) => m.interactive?.type === 'list_reply', 'list_reply');
    assert.equal(row.interactive.list_reply.id, 'soho');
    assert.equal(row.context.id, list);
    assertNoPageErrors(page);
    await page.close();
  });

  test('attaching a file sends it as customer media', async () => {
    await inbound(suite.srv);
    const page = await openInbox(suite.browser, suite.srv, threadHash());
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    await page.getByRole('textbox', { name: 'Reply as customer' }).fill('my receipt');
    await page.locator('#attach').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    const image = await atWebhook((m) => m.type === 'image', 'the image event');
    assert.equal(image.image.caption, 'my receipt');
    assert.equal(image.image.mime_type, 'image/png');
    const row = page.locator('.row.in[data-type="image"]');
    await row.waitFor();
    await row.locator('img[src^="blob:"]').waitFor();
    const { messages } = await admin(suite.srv, 'GET', 'messages?direction=inbound&limit=10');
    assert.ok(messages.some((m) => m.type === 'image'));
    await page.close();
  });

  test('threads list every customer of every number, newest first, with the window', async () => {
    await inbound(suite.srv, { type: 'text', text: { body: 'from Ana' } }, '447700900123');
    await advance(suite.srv, 1);
    await inbound(suite.srv, { type: 'text', text: { body: 'from Diego' } }, CUSTOMER);
    const page = await openInbox(suite.browser, suite.srv, '#/conversations');
    const threads = page.locator('.thread');
    await eventually(async () => (await threads.count()) === 2, { what: 'two threads' });
    assert.match(await threads.nth(0).textContent(), /from Diego/);
    assert.match(await threads.nth(1).textContent(), /from Ana/);
    await threads.nth(1).click();
    await page.waitForURL(/447700900123/);
    await page.locator('.chat-head .window.open').waitFor();
    assert.match(await page.locator('.chat-head .window').textContent(), /closes in 24 h|closes in 23 h/);
    await advance(suite.srv, 25 * 3600);
    await page.locator('.chat-head .window.closed').waitFor();
    // Every linked number is offered as a filter.
    const chips = await page.locator('#accounts .chip').allTextContents();
    assert.ok(chips.some((c) => c.includes('+1 425-555-0123')), chips.join(' | '));
    await page.close();
  });
});
