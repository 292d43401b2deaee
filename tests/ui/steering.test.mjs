// The steering views in a real browser: replay a dead event, review a template, the request
// journal, fault rules, and advancing the manual clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateWhatsAppMessageTemplateCommand } from '@aws-sdk/client-socialmessaging';
import { WABA, admin, advance, assertNoPageErrors, eventually, inbound, openInbox, send, useSuite } from './helpers.mjs';

const suite = useSuite({ args: ['--clock', 'manual', '--template-review', 'manual', '--delivery-attempts', '1'] });

describe('steering', () => {
  test('a dead event is replayed from the Events view and reaches the receiver', async () => {
    suite.rx.always(500);
    const wamid = await inbound(suite.srv, { type: 'text', text: { body: 'to be replayed' } });
    await advance(suite.srv, 1);
    const dead = await eventually(async () => (await admin(suite.srv, 'GET', `events?wamid=${wamid}`)).events.find((e) => e.deliveryState === 'dead'), { what: 'a dead event' });
    suite.rx.reset(); // the receiver is back up
    const page = await openInbox(suite.browser, suite.srv, '#/events');
    const replay = page.getByRole('button', { name: `Replay event ${dead.id}`, exact: true });
    await replay.waitFor();
    // The details show the failed attempt and the payload.
    await page.getByRole('button', { name: `Details of event ${dead.id}`, exact: true }).click();
    await page.locator('tr.detail:not([hidden]) .attempts li', { hasText: 'HTTP 500' }).waitFor();
    assert.match(await page.locator('tr.detail:not([hidden]) pre.json').textContent(), /to be replayed/);
    await replay.click();
    await advance(suite.srv, 1);
    await eventually(() => suite.rx.requests.some((r) => JSON.stringify(r.body).includes('to be replayed')), { what: 'the replayed event at the receiver' });
    const after = await eventually(async () => (await admin(suite.srv, 'GET', `events?wamid=${wamid}`)).events.find((e) => e.id === dead.id && e.deliveryState === 'delivered'), { what: 'the event delivered' });
    assert.equal(after.deliveries.at(-1).delivery, 'replay');
    assertNoPageErrors(page);
    await page.close();
  });

  test('templates show their status and are reviewed by hand', async () => {
    const created = await suite.client.send(
      new CreateWhatsAppMessageTemplateCommand({
        id: WABA,
        templateDefinition: new TextEncoder().encode(
          JSON.stringify({ name: 'pickup_note', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your bread is ready at the counter.' }] }),
        ),
      }),
    );
    const page = await openInbox(suite.browser, suite.srv, '#/templates');
    const row = page.locator('tr', { hasText: 'pickup_note' });
    await row.locator('.badge', { hasText: 'PENDING' }).waitFor();
    await row.getByLabel('Review status for pickup_note').selectOption('REJECTED');
    await row.getByLabel('Reason for pickup_note').fill('INVALID_FORMAT');
    await row.getByRole('button', { name: 'Review' }).click();
    await page.locator('tr', { hasText: 'pickup_note' }).locator('.badge', { hasText: 'REJECTED' }).waitFor();
    const { templates } = await admin(suite.srv, 'GET', 'templates');
    const stored = templates.find((t) => t.metaTemplateId === created.metaTemplateId);
    assert.equal(stored.status, 'REJECTED');
    await page.close();
  });

  test('the request journal lists the SDK calls', async () => {
    await inbound(suite.srv);
    await send(suite.client, { type: 'text', text: { body: 'journaled' } });
    const page = await openInbox(suite.browser, suite.srv, '#/requests');
    const row = page.locator('tr', { hasText: 'SendWhatsAppMessage' }).first();
    await row.waitFor();
    assert.match(await row.textContent(), /200/);
    await page.close();
  });

  test('fault rules are added and shown; the manual clock advances by the chosen amount', async () => {
    await admin(suite.srv, 'DELETE', 'faults');
    const page = await openInbox(suite.browser, suite.srv, '#/faults');
    await page.getByLabel('Operation (glob)').fill('SendWhatsAppMessage');
    await page.getByLabel('Error').selectOption('ThrottledRequestException');
    await page.getByLabel('Next calls').fill('2');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('section.card tr', { hasText: 'ThrottledRequestException' }).waitFor();
    const { rules } = await admin(suite.srv, 'GET', 'faults');
    assert.equal(rules.length, 1);
    assert.equal(rules[0].remainingCalls, 2);

    const before = (await admin(suite.srv, 'GET', 'clock')).nowMillis;
    await page.getByLabel('Amount to advance').fill('2');
    await page.getByLabel('Unit').selectOption('hours');
    await page.getByRole('button', { name: 'Advance' }).click();
    await eventually(async () => (await admin(suite.srv, 'GET', 'clock')).nowMillis === before + 2 * 3600 * 1000, { what: 'the clock 2 h later' });
    await page.locator('.clock-now', { hasText: new Date(before + 2 * 3600 * 1000).toISOString().slice(0, 16) }).waitFor();
    await admin(suite.srv, 'DELETE', 'faults');
    assertNoPageErrors(page);
    await page.close();
  });
});
