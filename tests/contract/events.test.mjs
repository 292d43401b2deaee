// Events: Meta's webhooks in the AWS envelope, delivered to the WABA's event destination.
// The server runs on the manual clock, so statuses fall due only when the test advances it
// (POST /_socialite/clock/advance returns after delivering everything due); a --webhook
// binding sends the destination's events to a real HTTP receiver in this process.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  GetWhatsAppMessageMediaCommand as GetMedia,
  SendWhatsAppMessageCommand as Send,
} from '@aws-sdk/client-socialmessaging';
import { freePort, startServer } from './helpers/server.mjs';
import { ACCOUNT, FIXTURE_PHONE2_ARN, FIXTURE_PHONE2_ID, FIXTURE_PHONE_ID, TOKENS, link } from './helpers/common.mjs';
import { CUSTOMER, WAMID_RE, createTemplate, jpeg, review, sendInput, textMessage, utilityTemplate } from './helpers/messaging.mjs';
import { entryOf as entryOfEnv, fieldOf, startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { BUSINESS_DIGITS, FRIEND, META_PHONE2_ID, META_PHONE_ID, assertEnvelope, stamp } from './helpers/events.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:wa-events';
// A second binding by glob: destinations named other-* go to /other.
const OTHER_GLOB = 'arn:aws:sns:*:*:other-*';
const OTHER_DEST = 'arn:aws:sns:eu-west-1:000000000000:other-events';
const UNBOUND_DEST = 'arn:aws:sns:us-east-1:000000000000:unbound';
// A binding to a port nobody listens on.
const DOWN_GLOB = 'arn:aws:sns:*:*:down-*';
const DOWN_DEST = 'arn:aws:sns:us-east-1:000000000000:down-events';
const ATTEMPTS = 3;
const BACKOFF_MS = 1000;
const SECONDS_RE = /^\d{10}$/;

let rx;
let srv;
let client;
before(async () => {
  rx = await startReceiver();
  const closedPort = await freePort();
  srv = await startServer({
    args: [
      '--clock', 'manual',
      '--status-delays', 'sent=0.1,delivered=0.5,read=2',
      '--webhook-raw', `${DEST}=${rx.url('/hook')}`,
      '--webhook-raw', `${OTHER_GLOB}=${rx.url('/other')}`,
      '--webhook-raw', `${DOWN_GLOB}=http://127.0.0.1:${closedPort}/hook`,
      '--delivery-attempts', String(ATTEMPTS),
      '--delivery-backoff-ms', String(BACKOFF_MS),
    ],
  });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  await rx?.close();
});
beforeEach(async () => {
  await srv.reset();
  await setDestination(DEST);
  rx.reset();
});

// ---------------------------------------------------------------------------------------
// Helpers (this file's server bound in)

const setDestination = (arn) => ev.setDestination(client, arn);
const advance = (seconds) => ev.advance(srv, seconds);
const clockMs = () => ev.clockMs(srv);
const inbound = (...args) => ev.inbound(srv, ...args);
const listEvents = (query) => ev.listEvents(srv, query);
const eventOf = (wamid, status) => ev.eventOf(srv, wamid, status);

/** Sends a message object; returns its wamid. */
async function send(message, opts) {
  const out = await client.send(new Send(sendInput(message, opts)));
  assert.match(out.messageId ?? '', WAMID_RE);
  return out.messageId;
}

function templateSend(name, bodyParams, to = `+${FRIEND}`) {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: {
      name,
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text })) }],
    },
  };
}

/** Requests the receiver got at a path. */
const at = (path) => rx.requests.filter((r) => r.url === path);
const hooks = () => at('/hook');
const statusOf = (req) => valueOf(req.body).statuses?.[0];

/** Asserts one webhook request: POST /hook, JSON, the destination header; returns the envelope. */
function assertHook(req, destination = DEST, path = '/hook') {
  assert.equal(req.method, 'POST');
  assert.equal(req.url, path);
  assert.match(req.headers['content-type'], /^application\/json/);
  assert.equal(req.headers['x-socialite-event-destination'], destination);
  assert.ok(req.body && typeof req.body === 'object', `body is JSON: ${req.text}`);
  return req.body;
}

/** Opens the window for FRIEND and flushes its inbound event; returns nothing. */
async function openWindow(from = FRIEND) {
  await inbound(from);
  await advance(0);
}

// ---------------------------------------------------------------------------------------

describe('message statuses', () => {
  test('a text to a customer who wrote: sent, delivered, read in order, each when it falls due', async () => {
    await openWindow();
    rx.reset();
    const t0 = await clockMs();
    const wamid = await send({ ...textMessage('Your order shipped', `+${FRIEND}`), biz_opaque_callback_data: 'order-48213' });

    await advance(0.05);
    assert.equal(hooks().length, 0, 'nothing before sent is due');
    await advance(0.05);
    assert.deepEqual(hooks().map((r) => statusOf(r).status), ['sent']);
    await advance(0.3);
    assert.equal(hooks().length, 1, 'delivered waits for its time');
    await advance(0.1);
    assert.deepEqual(hooks().map((r) => statusOf(r).status), ['sent', 'delivered']);
    await advance(1.5);
    assert.deepEqual(hooks().map((r) => statusOf(r).status), ['sent', 'delivered', 'read']);
    await advance(60);
    assert.equal(hooks().length, 3, 'three statuses and no more');

    const offsets = { sent: 100, delivered: 500, read: 2000 };
    const ids = new Set();
    for (const req of hooks()) {
      const env = assertHook(req);
      const entry = assertEnvelope(env);
      assert.equal(entry.changes[0].field, 'messages');
      assert.equal(entry.time, undefined, 'message events carry no entry time');
      const value = entry.changes[0].value;
      assert.equal(value.messaging_product, 'whatsapp');
      assert.deepEqual(value.metadata, { display_phone_number: BUSINESS_DIGITS, phone_number_id: META_PHONE_ID });
      assert.equal(value.contacts, undefined, 'statuses have no contacts');
      assert.equal(value.statuses.length, 1);
      const s = value.statuses[0];
      const due = t0 + offsets[s.status];
      assert.equal(s.id, wamid);
      assert.equal(s.recipient_id, FRIEND);
      assert.equal(s.timestamp, String(Math.floor(due / 1000)));
      assert.equal(env.message_timestamp, stamp(due));
      assert.equal(s.biz_opaque_callback_data, 'order-48213');
      assert.equal(s.errors, undefined);
      if (s.status === 'read') {
        assert.equal(s.conversation, undefined);
        assert.equal(s.pricing, undefined);
      } else {
        assert.match(s.conversation.id, /^[0-9a-f]{32}$/);
        assert.deepEqual(s.conversation.origin, { type: 'service' });
        assert.deepEqual(s.pricing, {
          billable: false,
          pricing_model: 'PMP',
          type: 'free_customer_service',
          category: 'service',
        });
        if (s.status === 'sent') assert.match(s.conversation.expiration_timestamp, SECONDS_RE);
        else assert.equal(s.conversation.expiration_timestamp, undefined, 'expiration only on sent');
      }
      ids.add(env.messageId);
    }
    assert.equal(ids.size, 3, 'every event has its own messageId');
    const stamps = hooks().map((r) => r.body.message_timestamp);
    assert.deepEqual([...stamps].sort(), stamps);
    assert.equal(new Set(stamps).size, 3, 'message_timestamp strictly increases');
  });

  test('a text to a customer who never wrote fails with 131047 and nothing else', async () => {
    const t0 = await clockMs();
    const wamid = await send(textMessage('Hello?'));
    await advance(0.1);
    assert.equal(hooks().length, 1);
    await advance(10);
    assert.equal(hooks().length, 1, 'a failed message gets no more statuses');
    const env = assertHook(hooks()[0]);
    assertEnvelope(env);
    const s = valueOf(env).statuses[0];
    assert.equal(s.id, wamid);
    assert.equal(s.status, 'failed');
    assert.equal(s.recipient_id, CUSTOMER.slice(1));
    assert.equal(env.message_timestamp, stamp(t0 + 100));
    assert.equal(s.conversation, undefined);
    assert.equal(s.pricing, undefined);
    assert.equal(s.errors.length, 1);
    const [e] = s.errors;
    assert.equal(e.code, 131047);
    assert.equal(typeof e.code, 'number');
    assert.equal(e.title, 'Re-engagement message');
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.error_data?.details, 'string');
    assert.equal(typeof e.href, 'string');
  });

  test('a template that does not exist fails with 132001; a wrong body parameter count with 132000', async () => {
    const unknown = await send(templateSend('no_such_template', ['Ana']));
    await advance(0.1);
    assert.equal(hooks().length, 1);
    let s = statusOf(hooks()[0]);
    assert.equal(s.id, unknown);
    assert.equal(s.status, 'failed');
    assert.equal(s.errors[0].code, 132001);
    assert.equal(s.errors[0].title, 'Template name does not exist in the translation');

    const { metaTemplateId } = await createTemplate(client, utilityTemplate('order_shipped'));
    await advance(0);
    assert.equal(fieldOf(hooks()[1].body), 'message_template_status_update');
    assert.equal(valueOf(hooks()[1].body).message_template_id, Number(metaTemplateId));
    const wrong = await send(templateSend('order_shipped', ['Ana']));
    await advance(0.1);
    assert.equal(hooks().length, 3);
    s = statusOf(hooks()[2]);
    assert.equal(s.id, wrong);
    assert.equal(s.status, 'failed');
    assert.equal(s.errors[0].code, 132000);
    assert.equal(s.errors[0].title, 'Number of parameters does not match the expected number of params');

    // The right count is delivered, priced as the template's category.
    const right = await send(templateSend('order_shipped', ['Ana', '#48213'], CUSTOMER));
    await advance(0.5);
    const statuses = hooks().slice(3).map(statusOf);
    assert.deepEqual(statuses.map((x) => [x.id, x.status]), [
      [right, 'sent'],
      [right, 'delivered'],
    ]);
    assert.deepEqual(statuses[0].pricing, { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    assert.deepEqual(statuses[0].conversation.origin, { type: 'utility' });
  });

  test('a reaction gets only sent', async () => {
    await openWindow();
    const earlier = await inbound(FRIEND, { type: 'text', text: { body: 'love it' } });
    await advance(0);
    rx.reset();
    const wamid = await send({
      messaging_product: 'whatsapp',
      to: `+${FRIEND}`,
      type: 'reaction',
      reaction: { message_id: earlier.wamid, emoji: '\u{1F44D}' },
    });
    await advance(5);
    assert.deepEqual(hooks().map((r) => [statusOf(r).id, statusOf(r).status]), [[wamid, 'sent']]);
  });

  test('the second number reports its own metadata and context', async () => {
    await openWindow();
    await inbound(FRIEND, { type: 'text', text: { body: 'hi support' } }, FIXTURE_PHONE2_ID);
    await advance(0);
    rx.reset();
    const wamid = await send(textMessage('Support here', `+${FRIEND}`), { phone: FIXTURE_PHONE2_ID });
    await advance(0.1);
    assert.equal(hooks().length, 1);
    const env = assertHook(hooks()[0]);
    assertEnvelope(env, { phone: META_PHONE2_ID, phoneArn: FIXTURE_PHONE2_ARN });
    assert.deepEqual(valueOf(env).metadata, { display_phone_number: '14255550124', phone_number_id: META_PHONE2_ID });
    assert.equal(statusOf(hooks()[0]).id, wamid);
  });
});

describe('inbound messages', () => {
  test('an inbound text arrives with contacts and messages and opens the window', async () => {
    const t0 = await clockMs();
    const before = await send(textMessage('too early', `+${FRIEND}`));
    await advance(0.1);
    assert.equal(statusOf(hooks()[0]).status, 'failed', 'no window before the customer writes');
    assert.equal(statusOf(hooks()[0]).id, before);
    rx.reset();

    const { wamid } = await inbound(FRIEND, { type: 'text', text: { body: 'hi' } });
    await advance(0);
    assert.equal(hooks().length, 1);
    const env = assertHook(hooks()[0]);
    const entry = assertEnvelope(env);
    assert.equal(entry.changes[0].field, 'messages');
    assert.equal(env.message_timestamp, stamp(t0 + 100));
    const value = entry.changes[0].value;
    assert.equal(value.messaging_product, 'whatsapp');
    assert.deepEqual(value.metadata, { display_phone_number: BUSINESS_DIGITS, phone_number_id: META_PHONE_ID });
    // The customer's business-scoped user id (BSUID) rides beside the phone number.
    const bsuid = value.contacts[0]?.user_id;
    assert.match(bsuid ?? '', /^US\.\d+$/);
    assert.deepEqual(value.contacts, [{ profile: { name: 'Diego' }, wa_id: FRIEND, user_id: bsuid }]);
    assert.deepEqual(value.messages, [
      {
        from: FRIEND,
        from_user_id: bsuid,
        id: wamid,
        timestamp: String(Math.floor((t0 + 100) / 1000)),
        type: 'text',
        text: { body: 'hi' },
      },
    ]);
    assert.equal(value.statuses, undefined);

    rx.reset();
    const after = await send(textMessage('Thanks for writing', `+${FRIEND}`));
    await advance(2);
    assert.deepEqual(
      hooks().map((r) => [statusOf(r).id, statusOf(r).status]),
      [
        [after, 'sent'],
        [after, 'delivered'],
        [after, 'read'],
      ],
    );
  });

  test('an inbound image: the event carries the media id, which GetWhatsAppMessageMedia knows', async () => {
    const bytes = jpeg(3000);
    const answer = await inbound(FRIEND, {
      type: 'image',
      image: { data: bytes.toString('base64'), mime_type: 'image/jpeg', caption: 'my order' },
    });
    assert.match(answer.mediaId ?? '', /^[0-9]+$/);
    await advance(0);
    assert.equal(hooks().length, 1);
    const [message] = valueOf(hooks()[0].body).messages;
    assert.equal(message.id, answer.wamid);
    assert.equal(message.type, 'image');
    assert.equal(message.image.id, answer.mediaId);
    assert.equal(message.image.mime_type, 'image/jpeg');
    assert.equal(message.image.caption, 'my order');
    assert.equal(message.image.sha256, createHash('sha256').update(bytes).digest('base64'));

    const media = await client.send(
      new GetMedia({ mediaId: answer.mediaId, originationPhoneNumberId: FIXTURE_PHONE_ID, metadataOnly: true }),
    );
    assert.equal(media.mimeType, 'image/jpeg');
    assert.equal(media.fileSize, 3, 'fileSize is in KB (3,000 bytes, rounded up)');
  });
});

describe('template events', () => {
  test('approval, rejection and quality changes arrive as account-level events', async () => {
    const t0 = await clockMs();
    const { metaTemplateId } = await createTemplate(client, utilityTemplate('order_shipped'));
    await advance(0);
    assert.equal(hooks().length, 1);
    let env = assertHook(hooks()[0]);
    let entry = assertEnvelope(env, { phone: null });
    assert.equal(entry.changes[0].field, 'message_template_status_update');
    assert.equal(entry.time, Math.floor(t0 / 1000));
    assert.equal(env.message_timestamp, stamp(t0));
    assert.deepEqual(entry.changes[0].value, {
      event: 'APPROVED',
      message_template_id: Number(metaTemplateId),
      message_template_name: 'order_shipped',
      message_template_language: 'en_US',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });

    await review(srv, metaTemplateId, 'REJECTED', 'PROMOTIONAL');
    await advance(0);
    assert.equal(hooks().length, 2);
    env = assertHook(hooks()[1]);
    entry = assertEnvelope(env, { phone: null });
    assert.equal(entry.changes[0].field, 'message_template_status_update');
    assert.equal(typeof entry.time, 'number');
    assert.deepEqual(entry.changes[0].value, {
      event: 'REJECTED',
      message_template_id: Number(metaTemplateId),
      message_template_name: 'order_shipped',
      message_template_language: 'en_US',
      reason: 'PROMOTIONAL',
      message_template_category: 'UTILITY',
    });

    const quality = await srv.raw('POST', `/_socialite/templates/${metaTemplateId}/quality`, { body: { score: 'RED' } });
    assert.equal(quality.status, 200, quality.text);
    await advance(0);
    assert.equal(hooks().length, 3);
    env = assertHook(hooks()[2]);
    entry = assertEnvelope(env, { phone: null });
    assert.equal(entry.changes[0].field, 'message_template_quality_update');
    assert.equal(typeof entry.time, 'number');
    const value = entry.changes[0].value;
    assert.equal(value.new_quality_score, 'RED');
    assert.equal(value.previous_quality_score, 'UNKNOWN');
    assert.equal(value.message_template_id, Number(metaTemplateId));
    assert.equal(value.message_template_name, 'order_shipped');
    assert.equal(value.message_template_language, 'en_US');
  });
});

describe('steering outcomes', () => {
  test("a status pushed by hand is delivered with Meta's error title", async () => {
    await openWindow();
    const wamid = await send(textMessage('hello', `+${FRIEND}`));
    await advance(2);
    rx.reset();
    const res = await srv.raw('POST', `/_socialite/messages/${wamid}/status`, { body: { status: 'failed', code: 131026 } });
    assert.equal(res.status, 200, res.text);
    await advance(0);
    assert.equal(hooks().length, 1);
    const env = assertHook(hooks()[0]);
    assertEnvelope(env);
    const s = valueOf(env).statuses[0];
    assert.equal(s.id, wamid);
    assert.equal(s.status, 'failed');
    assert.equal(s.recipient_id, FRIEND);
    assert.equal(s.errors[0].code, 131026);
    assert.equal(s.errors[0].title, 'Message Undeliverable');

    const missing = await srv.raw('POST', '/_socialite/messages/wamid.nope/status', { body: { status: 'read' } });
    assert.equal(missing.status, 404);
    const noCode = await srv.raw('POST', `/_socialite/messages/${wamid}/status`, { body: { status: 'failed' } });
    assert.equal(noCode.status, 400);
  });

  test('rules decide the outcome of matching sends', async () => {
    const rules = [
      { recipient: '+1555000*', failed: 131026 },
      { recipient: '*9999', statuses: ['sent', 'delivered'] },
    ];
    const put = await srv.raw('PUT', '/_socialite/rules', { body: rules });
    assert.equal(put.status, 200, put.text);
    const got = await srv.raw('GET', '/_socialite/rules');
    assert.equal(got.json.rules.length, 2);
    assert.equal(got.json.rules[0].failed, 131026);
    assert.deepEqual(got.json.rules[1].statuses, ['sent', 'delivered']);

    await openWindow('15550001234');
    await openWindow('14255559999');
    rx.reset();
    const failing = await send(textMessage('rule one', '+15550001234'));
    const partial = await send(textMessage('rule two', '+14255559999'));
    const plain = await send(textMessage('no rule', `+${FRIEND}`));
    await advance(30);
    const seen = (wamid) => hooks().filter((r) => statusOf(r).id === wamid).map(statusOf);
    assert.deepEqual(seen(failing).map((s) => s.status), ['failed']);
    assert.equal(seen(failing)[0].errors[0].code, 131026);
    assert.deepEqual(seen(partial).map((s) => s.status), ['sent', 'delivered']);
    // FRIEND never wrote in this test: Meta's own verdict comes first.
    assert.deepEqual(seen(plain).map((s) => [s.status, s.errors?.[0]?.code]), [['failed', 131047]]);
  });
});

describe('delivery', () => {
  test('a failed delivery is retried after the backoff, and later events of the destination wait for it', async () => {
    rx.failFirst(1, 500);
    const t0 = await clockMs();
    const { wamid: inboundWamid } = await inbound();
    await advance(0);
    assert.equal(hooks().length, 1, 'the first attempt');
    let head = await eventOf(inboundWamid);
    assert.equal(head.deliveryState, 'retrying');
    assert.equal(head.attempts, 1);
    assert.equal(head.deliveries.length, 1);
    assert.equal(head.deliveries[0].attempt, 1);
    assert.equal(head.deliveries[0].delivered, false);
    assert.equal(head.deliveries[0].httpStatus, 500);
    assert.equal(head.deliveries[0].target, `webhook ${rx.url('/hook')}`);

    const wamid = await send(textMessage('hello', `+${FRIEND}`));
    await advance(0.6);
    assert.equal(hooks().length, 1, 'sent and delivered are due but wait behind the retrying event');
    assert.equal((await eventOf(wamid, 'sent')).deliveryState, 'pending');

    await advance((BACKOFF_MS - 600) / 1000);
    assert.equal(hooks().length, 4, JSON.stringify(hooks().map((r) => r.body)));
    const order = hooks().map((r) => {
      const v = valueOf(r.body);
      return v.messages ? ['inbound', v.messages[0].id] : [v.statuses[0].status, v.statuses[0].id];
    });
    assert.deepEqual(order, [
      ['inbound', inboundWamid],
      ['inbound', inboundWamid],
      ['sent', wamid],
      ['delivered', wamid],
    ]);
    assert.deepEqual(hooks()[0].body, hooks()[1].body, 'a retry sends the same envelope');
    head = await eventOf(inboundWamid);
    assert.equal(head.deliveryState, 'delivered');
    assert.equal(head.attempts, 2);
    assert.deepEqual(
      head.deliveries.map((d) => [d.attempt, d.delivered, d.httpStatus]),
      [
        [1, false, 500],
        [2, true, 200],
      ],
    );
    // The message timestamps stay those of the events, not of the retries.
    assert.equal(hooks()[1].body.message_timestamp, stamp(t0));
    assert.equal(hooks()[2].body.message_timestamp, stamp(t0 + 100));
  });

  test(`after ${ATTEMPTS} failed attempts an event is dead and no longer holds the destination`, async () => {
    rx.always(503);
    const { wamid } = await inbound();
    await advance(0);
    assert.equal(hooks().length, 1);
    await advance(BACKOFF_MS / 1000);
    assert.equal(hooks().length, 2);
    assert.equal((await eventOf(wamid)).deliveryState, 'retrying');
    await advance((2 * BACKOFF_MS) / 1000 - 0.001);
    assert.equal(hooks().length, 2, 'the second retry waits twice the backoff');
    await advance(0.001);
    assert.equal(hooks().length, 3);
    await advance(60);
    assert.equal(hooks().length, ATTEMPTS, 'no attempt after the last');

    const dead = await eventOf(wamid);
    assert.equal(dead.deliveryState, 'dead');
    assert.equal(dead.attempts, ATTEMPTS);
    assert.deepEqual(
      dead.deliveries.map((d) => [d.attempt, d.delivered, d.httpStatus]),
      [
        [1, false, 503],
        [2, false, 503],
        [3, false, 503],
      ],
    );
    assert.match(dead.lastError ?? '', /503/);
    const listed = await listEvents({ state: 'dead' });
    assert.deepEqual(listed.events.map((e) => e.id), [dead.id]);

    rx.reset();
    const next = await inbound(FRIEND, { type: 'text', text: { body: 'again' } });
    await advance(0);
    assert.equal(hooks().length, 1, 'the dead event does not block the next one');
    assert.equal(valueOf(hooks()[0].body).messages[0].id, next.wamid);
    assert.equal((await eventOf(next.wamid)).deliveryState, 'delivered');
  });

  test('a receiver that does not answer at all is retried, then dead (httpStatus 0)', async () => {
    await setDestination(DOWN_DEST);
    const { wamid } = await inbound();
    await advance(0);
    await advance(BACKOFF_MS / 1000);
    await advance((2 * BACKOFF_MS) / 1000);
    const dead = await eventOf(wamid);
    assert.equal(dead.deliveryState, 'dead');
    assert.equal(dead.attempts, ATTEMPTS);
    assert.deepEqual(
      dead.deliveries.map((d) => [d.attempt, d.delivered, d.httpStatus]),
      [
        [1, false, 0],
        [2, false, 0],
        [3, false, 0],
      ],
    );
    assert.ok(dead.lastError, 'the transport error is kept');
  });

  test('a retrying event holds back only its own destination', async () => {
    const bakery = await link(client, TOKENS.bakery, { eventDestinations: [{ eventDestinationArn: OTHER_DEST }] });
    rx.failFirst(1, 500);
    const { wamid: held } = await inbound();
    await advance(0);
    assert.equal((await eventOf(held)).deliveryState, 'retrying');

    const { wamid: free } = await inbound(FRIEND, { type: 'text', text: { body: 'hi bakery' } }, bakery.phones[0].phoneNumberId);
    await advance(0);
    assert.equal(at('/other').length, 1, 'the other destination is not held back');
    const env = assertHook(at('/other')[0], OTHER_DEST, '/other');
    assert.equal(valueOf(env).messages[0].id, free);
    assert.equal(entryOfEnv(env).id, bakery.metaWabaId);
    assert.equal(hooks().length, 1, 'still only the failed attempt on /hook');
    await advance(BACKOFF_MS / 1000);
    assert.equal(hooks().length, 2);
  });

  test('a 4xx answer is not retried: the event is dead after one attempt', async () => {
    rx.failFirst(1, 400);
    const { wamid } = await inbound();
    await advance(10);
    assert.equal(hooks().length, 1);
    const dead = await eventOf(wamid);
    assert.equal(dead.deliveryState, 'dead');
    assert.equal(dead.attempts, 1);
    assert.equal(dead.deliveries[0].httpStatus, 400);
  });

  test('without a destination, or with one no binding matches, events are undeliverable', async () => {
    await srv.reset(); // the fixture WABA has no event destination
    const { wamid } = await inbound();
    await advance(0);
    let e = await eventOf(wamid);
    assert.equal(e.deliveryState, 'undeliverable');
    assert.equal(e.attempts, 0);
    assert.deepEqual(e.deliveries, []);
    assert.match(e.lastError ?? '', /no event destination/);
    assert.equal(e.envelope.aws_account_id, ACCOUNT, 'the envelope is kept for inspection');

    await setDestination(UNBOUND_DEST);
    const second = await inbound(FRIEND, { type: 'text', text: { body: 'hello?' } });
    await advance(0);
    e = await eventOf(second.wamid);
    assert.equal(e.deliveryState, 'undeliverable');
    assert.equal(e.destination, UNBOUND_DEST);
    assert.match(e.lastError ?? '', new RegExp(`no --webhook binding matches ${UNBOUND_DEST}`));
    assert.equal(rx.requests.length, 0);
    assert.equal((await listEvents({ state: 'undeliverable' })).events.length, 2);
  });

  test('a destination matching another --webhook glob goes to that URL', async () => {
    await setDestination(OTHER_DEST);
    const { wamid } = await inbound();
    await advance(0);
    assert.equal(hooks().length, 0);
    assert.equal(at('/other').length, 1);
    const env = assertHook(at('/other')[0], OTHER_DEST, '/other');
    assertEnvelope(env);
    assert.equal(valueOf(env).messages[0].id, wamid);
  });


  test(
    'a status goes to the destination the WABA has when it falls due, not the one it had at send time',
    async () => {
      await openWindow();
      rx.reset();
      const wamid = await send(textMessage('hello', `+${FRIEND}`));
      await setDestination(OTHER_DEST);
      await advance(2);
      assert.equal(hooks().length, 0, 'nothing for the old destination');
      assert.deepEqual(at('/other').map((r) => statusOf(r).status), ['sent', 'delivered', 'read']);
      assert.equal(statusOf(at('/other')[0]).id, wamid);
    },
  );

  test(
    'a status recorded while the WABA had no destination is delivered to the one set before it falls due',
    async () => {
      await openWindow();
      await setDestination(null);
      rx.reset();
      const wamid = await send(textMessage('hello', `+${FRIEND}`));
      await setDestination(DEST);
      await advance(2);
      assert.deepEqual(hooks().map((r) => [statusOf(r).id, statusOf(r).status]), [
        [wamid, 'sent'],
        [wamid, 'delivered'],
        [wamid, 'read'],
      ]);
    },
  );
});

describe('inspection', () => {
  test('GET /_socialite/events shows scheduled events, then envelopes as delivered with their attempts', async () => {
    await openWindow();
    const wamid = await send(textMessage('inspect me', `+${FRIEND}`));
    let { events } = await listEvents({ wamid });
    assert.deepEqual(events.map((e) => [e.kind, e.field, e.status, e.deliveryState, e.attempts]), [
      ['status', 'messages', 'sent', 'scheduled', 0],
      ['status', 'messages', 'delivered', 'scheduled', 0],
      ['status', 'messages', 'read', 'scheduled', 0],
    ]);
    for (const e of events) {
      assert.equal(e.wamid, wamid);
      assert.deepEqual(e.deliveries, []);
      assert.equal(e.envelope.messageId, e.id, 'the envelope messageId is the event id');
    }

    await advance(2);
    ({ events } = await listEvents({ wamid }));
    assert.deepEqual(events.map((e) => [e.status, e.deliveryState, e.attempts]), [
      ['sent', 'delivered', 1],
      ['delivered', 'delivered', 1],
      ['read', 'delivered', 1],
    ]);
    const received = hooks().filter((r) => valueOf(r.body).statuses);
    assert.equal(received.length, 3);
    events.forEach((e, i) => {
      assert.deepEqual(e.envelope, received[i].body, 'the inspected envelope is what was POSTed');
      assert.equal(e.destination, DEST);
      assert.deepEqual(
        e.deliveries.map((d) => [d.attempt, d.delivered, d.httpStatus, d.target]),
        [[1, true, 200, `webhook ${rx.url('/hook')}`]],
      );
    });

    const statuses = await listEvents({ kind: 'status' });
    assert.equal(statuses.events.length, 3);
    const inbounds = await listEvents({ kind: 'inbound', state: 'delivered' });
    assert.equal(inbounds.events.length, 1);
    assert.equal(inbounds.events[0].field, 'messages');

    const message = await srv.raw('GET', `/_socialite/messages/${wamid}`);
    assert.equal(message.status, 200, message.text);
    assert.deepEqual(
      message.json.statuses.map((s) => s.status),
      ['accepted', 'sent', 'delivered', 'read'],
    );
    assert.deepEqual(message.json.events.map((e) => [e.status, e.deliveryState]), [
      ['sent', 'delivered'],
      ['delivered', 'delivered'],
      ['read', 'delivered'],
    ]);
  });

  test('the event list pages with nextToken', async () => {
    await openWindow();
    await send(textMessage('one', `+${FRIEND}`));
    await send(textMessage('two', `+${FRIEND}`));
    const all = (await listEvents({})).events;
    assert.equal(all.length, 7);
    const seen = [];
    let token;
    let pages = 0;
    do {
      const page = await listEvents({ limit: '3', ...(token ? { nextToken: token } : {}) });
      seen.push(...page.events.map((e) => e.id));
      token = page.nextToken;
      pages += 1;
    } while (token && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, all.map((e) => e.id));
    const bad = await srv.raw('GET', '/_socialite/events?nextToken=garbage');
    assert.equal(bad.status, 400);
  });

  test('messageIds are unique across events and the envelope fields are exact', async () => {
    await openWindow();
    for (let i = 0; i < 3; i += 1) await send(textMessage(`n${i}`, `+${FRIEND}`));
    await advance(2);
    assert.equal(hooks().length, 1 + 9);
    const ids = hooks().map((r) => r.body.messageId);
    assert.equal(new Set(ids).size, ids.length);
    for (const req of hooks()) assertEnvelope(assertHook(req));
    // The raw body is the envelope as JSON; its entry is a JSON string, not an object.
    assert.match(hooks()[0].text, /"whatsAppWebhookEntry":"\{\\"id\\":\\"104729384756102\\"/);
  });
});
