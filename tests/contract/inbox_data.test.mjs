// The inbox's data endpoints against a real server, fed through the real SDK: every linked
// WABA with its numbers (/_socialite/accounts), one thread per number and customer with its
// preview, profile name and 24-hour window on the manual clock (/_socialite/conversations),
// the thread newest first with templates rendered and flows named (/_socialite/messages),
// the templates (/_socialite/templates) and media bytes by id (/_socialite/media/{id}).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  CreateWhatsAppFlowCommand as CreateFlow,
  PostWhatsAppMessageMediaCommand as PostMedia,
  SendWhatsAppMessageCommand as Send,
} from '@aws-sdk/client-socialmessaging';
import { ownServerOnly, startServer } from './helpers/server.mjs';
import {
  ACCOUNT,
  FIXTURE_PHONE2_ID,
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ID,
  REGION,
  TOKENS,
  link,
} from './helpers/common.mjs';
import { PNG_1X1, WAMID_RE, createTemplate, enc, jpeg, sendInput, utilityTemplate } from './helpers/messaging.mjs';
import { S3Dir } from './helpers/s3.mjs';
import * as ev from './helpers/events.mjs';

const CUSTOMER = '14255550100';
const OTHER = '14255550199';
const DAY_SECONDS = 24 * 60 * 60;

// One screen that completes at once: Flow JSON that can be published.
const FLOW_JSON = {
  version: '7.3',
  screens: [
    {
      id: 'BOOKING',
      title: 'Book a table',
      terminal: true,
      success: true,
      data: {},
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextHeading', text: 'Book a table' },
          { type: 'Footer', label: 'Book', 'on-click-action': { name: 'complete', payload: {} } },
        ],
      },
    },
  ],
};

const dir = new S3Dir();
let srv;
let client;
before(async () => {
  dir.createBucket('media');
  srv = await startServer({ args: ['--clock', 'manual', ...dir.args] });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  dir.remove();
});
beforeEach(async () => {
  await srv.reset();
});

async function get(path) {
  const res = await srv.raw('GET', path);
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${res.text}`);
  return res.json;
}

async function send(message) {
  const out = await client.send(new Send(sendInput({ messaging_product: 'whatsapp', ...message })));
  assert.match(out.messageId ?? '', WAMID_RE);
  return out.messageId;
}

async function inbound(content, { from = CUSTOMER, name } = {}) {
  const res = await srv.raw('POST', '/_socialite/inbound', {
    body: { phoneNumberId: FIXTURE_PHONE_ID, from, ...(name ? { name } : {}), ...content },
  });
  assert.equal(res.status, 200, `inbound: ${res.status} ${res.text}`);
  return res.json;
}

async function upload(key, bytes) {
  dir.put('media', key, bytes);
  const out = await client.send(
    new PostMedia({ originationPhoneNumberId: FIXTURE_PHONE_ID, sourceS3File: { bucketName: 'media', key } }),
  );
  return out.mediaId;
}

const thread = (query) =>
  get(`/_socialite/messages?${new URLSearchParams({ phoneNumberId: FIXTURE_PHONE_ID, customer: CUSTOMER, ...query })}`);

/** A conversation of every kind of message, one clock second apart; returns the wamids. */
async function converse() {
  const w = {};
  w.hello = (await inbound({ type: 'text', text: { body: 'Hi! Do you deliver?' } }, { name: 'Ana Silva' })).wamid;
  await ev.advance(srv, 1);
  const mediaId = await upload('menu.jpg', jpeg(3000));
  w.image = await send({ to: CUSTOMER, type: 'image', image: { id: mediaId, caption: 'Our menu' } });
  await ev.advance(srv, 1);
  const { metaTemplateId } = await createTemplate(client, utilityTemplate('order_shipped'));
  w.template = await send({
    to: CUSTOMER,
    type: 'template',
    template: {
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#48213' }] }],
    },
  });
  await ev.advance(srv, 1);
  w.list = await send({
    to: CUSTOMER,
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Pick a delivery slot' },
      action: { button: 'Slots', sections: [{ title: 'Today', rows: [{ id: 'slot-1', title: '18:00' }] }] },
    },
  });
  await ev.advance(srv, 1);
  const flow = await client.send(
    new CreateFlow({ id: FIXTURE_WABA_ID, flowName: 'booking', categories: ['APPOINTMENT_BOOKING'], flowJson: enc(FLOW_JSON), publish: true }),
  );
  w.flow = await send({
    to: CUSTOMER,
    type: 'interactive',
    interactive: {
      type: 'flow',
      body: { text: 'Book a table' },
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Book', flow_id: flow.flowId } },
    },
  });
  await ev.advance(srv, 1);
  w.reaction = await send({ to: CUSTOMER, type: 'reaction', reaction: { message_id: w.hello, emoji: '👍' } });
  await ev.advance(srv, 1);
  w.reply = await send({ to: CUSTOMER, type: 'text', text: { body: 'Yes, we deliver until 10pm.' }, context: { message_id: w.hello } });
  await ev.advance(srv, 1);
  return { ...w, mediaId, metaTemplateId, flowId: flow.flowId };
}

test('accounts: every linked WABA with its numbers, sorted', async () => {
  const bakery = await link(client, TOKENS.bakery);
  const { accounts } = await get('/_socialite/accounts');
  assert.deepEqual(
    accounts.map((a) => a.wabaId),
    [FIXTURE_WABA_ID, bakery.wabaId].sort(),
  );
  const demo = accounts.find((a) => a.wabaId === FIXTURE_WABA_ID);
  assert.equal(demo.account, ACCOUNT);
  assert.equal(demo.region, REGION);
  assert.equal(demo.metaWabaId, ev.META_WABA_ID);
  assert.ok(Array.isArray(demo.eventDestinations));
  assert.deepEqual(
    demo.phoneNumbers.map((p) => [p.phoneNumberId, p.displayPhoneNumber, p.qualityRating]),
    [
      [FIXTURE_PHONE_ID, '+1 425-555-0123', 'GREEN'],
      [FIXTURE_PHONE2_ID, '+1 425-555-0124', 'GREEN'],
    ],
  );
  assert.equal(demo.phoneNumbers[0].arn, FIXTURE_PHONE_ARN);
  const other = accounts.find((a) => a.wabaId === bakery.wabaId);
  assert.deepEqual(
    other.phoneNumbers.map((p) => p.metaPhoneNumberId).sort(),
    bakery.phones.map((p) => p.metaPhoneNumberId).sort(),
  );
});

test('conversations: one thread per customer, newest first, with its window', { skip: ownServerOnly('--clock manual') }, async () => {
  const w = await converse();
  await send({ to: OTHER, type: 'text', text: { body: 'Your order is ready' } }); // fails (no window)
  const { conversations } = await get('/_socialite/conversations');
  assert.deepEqual(
    conversations.map((c) => c.customer),
    [OTHER, CUSTOMER],
  );
  const [other, ana] = conversations;
  assert.equal(other.customerName, null);
  assert.equal(other.windowOpen, false);
  assert.equal(other.windowExpiresMs, null);
  assert.equal(ana.customerName, 'Ana Silva');
  assert.equal(ana.phoneNumberId, FIXTURE_PHONE_ID);
  assert.equal(ana.wabaId, FIXTURE_WABA_ID);
  assert.equal(ana.messageCount, 7);
  assert.equal(ana.lastMessage.wamid, w.reply);
  assert.equal(ana.lastMessage.direction, 'outbound');
  assert.equal(ana.lastMessage.preview, 'Yes, we deliver until 10pm.');
  assert.match(ana.lastActivityAt, ev.TIMESTAMP_RE);
  assert.equal(ana.windowOpen, true);
  const hello = await get(`/_socialite/messages/${w.hello}`);
  assert.equal(ana.windowExpiresMs, hello.createdAtMs + DAY_SECONDS * 1000);
  assert.equal(ana.windowExpiresAt, ev.stamp(ana.windowExpiresMs));

  // The window closes 24 hours after the customer's message.
  await ev.advance(srv, DAY_SECONDS - 7);
  const later = await get(`/_socialite/conversations?phoneNumberId=${FIXTURE_PHONE_ID}`);
  assert.equal(later.conversations.length, 2);
  assert.equal(later.conversations.find((c) => c.customer === CUSTOMER).windowOpen, false);
  // A new message from the customer opens it again and moves the thread first.
  await inbound({ type: 'text', text: { body: 'Still there?' } });
  const reopened = (await get('/_socialite/conversations')).conversations;
  assert.equal(reopened[0].customer, CUSTOMER);
  assert.equal(reopened[0].windowOpen, true);
  assert.equal(reopened[0].customerName, 'Ana Silva');
  assert.equal(reopened[0].lastMessage.preview, 'Still there?');
  assert.deepEqual((await get(`/_socialite/conversations?phoneNumberId=${FIXTURE_PHONE2_ID}`)).conversations, []);
});

test('messages: the thread newest first, templates rendered, flows named', { skip: ownServerOnly('--clock manual') }, async () => {
  const w = await converse();
  const order = [w.reply, w.reaction, w.flow, w.list, w.template, w.image, w.hello];
  const seen = [];
  let page = await thread({ order: 'desc', limit: '3' });
  for (;;) {
    seen.push(...page.messages.map((m) => m.wamid));
    if (!page.nextToken) break;
    page = await thread({ order: 'desc', limit: '3', nextToken: page.nextToken });
  }
  assert.deepEqual(seen, order);

  const { messages } = await thread({ order: 'desc' });
  const byId = Object.fromEntries(messages.map((m) => [m.wamid, m]));
  const times = messages.map((m) => m.createdAtMs);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.equal(byId[w.hello].customerName, 'Ana Silva');
  assert.equal(byId[w.reply].replyTo, w.hello);
  // Statuses happened on the clock: each has its time in ms, and the text reached "read".
  const statuses = byId[w.image].statuses;
  assert.deepEqual(
    statuses.map((s) => s.status),
    ['accepted', 'sent', 'delivered', 'read'],
  );
  for (const s of statuses) assert.equal(ev.stamp(s.atMs), s.at);

  const rendered = byId[w.template].rendered;
  assert.equal(rendered.body, 'Hi Ana, your order #48213 has shipped and is on its way.');
  assert.equal(rendered.footer, 'Socialite Demo Store');
  assert.deepEqual(rendered.buttons, []);
  assert.equal(byId[w.template].template.name, 'order_shipped');

  assert.deepEqual(byId[w.flow].flow, { flowId: w.flowId, name: 'booking', status: 'PUBLISHED' });
  const single = await get(`/_socialite/messages/${w.flow}`);
  assert.deepEqual(single.flow.flowJson, FLOW_JSON);
  assert.ok(Array.isArray(single.events));

  // Ascending order is unchanged, and a failure carries Meta's title.
  const ascending = await thread({ limit: '2' });
  assert.deepEqual(
    ascending.messages.map((m) => m.wamid),
    [w.hello, w.image],
  );
  const failed = await send({ to: OTHER, type: 'text', text: { body: 'Hello?' } });
  await ev.advance(srv, 5);
  const view = await get(`/_socialite/messages/${failed}`);
  const failure = view.statuses.find((s) => s.status === 'failed');
  assert.equal(failure.errorCode, 131047);
  assert.equal(failure.errorTitle, 'Re-engagement message');
  assert.equal(view.outcome.code, 131047);
});

test('templates: every template with its status', async () => {
  const { metaTemplateId } = await createTemplate(client, utilityTemplate('order_shipped'));
  const { templates } = await get(`/_socialite/templates?wabaId=${FIXTURE_WABA_ID}`);
  const mine = templates.find((t) => t.metaTemplateId === metaTemplateId);
  assert.equal(mine.name, 'order_shipped');
  assert.equal(mine.language, 'en_US');
  assert.equal(mine.category, 'UTILITY');
  assert.equal(mine.wabaId, FIXTURE_WABA_ID);
  assert.ok(['PENDING', 'APPROVED'].includes(mine.status), mine.status);
  assert.equal(mine.components[0].type, 'BODY');
  assert.match(mine.createdAt, ev.TIMESTAMP_RE);
  const res = await srv.raw('POST', `/_socialite/templates/${metaTemplateId}/review`, {
    body: { status: 'REJECTED', reason: 'INVALID_FORMAT' },
  });
  assert.equal(res.status, 200, res.text);
  const after = (await get('/_socialite/templates')).templates.find((t) => t.metaTemplateId === metaTemplateId);
  assert.equal(after.status, 'REJECTED');
  assert.equal(after.rejectedReason, 'INVALID_FORMAT');
});

test('media: uploaded and received bytes by id, 404 for the rest', async () => {
  const uploaded = await upload('menu.jpg', jpeg(3000));
  await inbound({ type: 'text', text: { body: 'hi' } });
  await send({ to: CUSTOMER, type: 'image', image: { id: uploaded } });
  const res = await fetch(`${srv.endpoint}/_socialite/media/${uploaded}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.equal(Number(res.headers.get('content-length')), 3000);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), jpeg(3000));

  const received = await inbound({ type: 'image', image: { mime_type: 'image/png', data: PNG_1X1.toString('base64') } });
  const png = await fetch(`${srv.endpoint}/_socialite/media/${received.mediaId}`);
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await png.arrayBuffer()), PNG_1X1);

  const unknown = await srv.raw('GET', '/_socialite/media/1234567890123456');
  assert.equal(unknown.status, 404);
  assert.match(unknown.json.error, /No media 1234567890123456/);
  assert.equal((await srv.raw('GET', '/_socialite/messages/wamid.nothing')).status, 404);
  assert.equal((await srv.raw('GET', '/_socialite/conversations?phoneNumberId=nope')).status, 400);
  assert.equal((await srv.raw('GET', '/_socialite/messages?order=up')).status, 400);
});
