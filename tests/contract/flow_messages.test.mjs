// Flow messages through the real SDK: an interactive `flow` message opens a flow of the sending
// WABA only in a mode its status allows (draft mode for DRAFT flows, published mode for
// PUBLISHED ones), a template's FLOW button must name a PUBLISHED flow of the WABA, and the
// customer's completion (POST /_socialite/inbound) reaches the webhook as Meta's nfm_reply.
// The server runs on the manual clock; a --webhook-raw binding sends the WABA's events to a real
// HTTP receiver in this process.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppFlowCommand as CreateFlow,
  DeprecateWhatsAppFlowCommand as DeprecateFlow,
  GetWhatsAppFlowCommand as GetFlow,
  SendWhatsAppMessageCommand as Send,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_PHONE_ID, FIXTURE_WABA_ID, TOKENS, expectError, link } from './helpers/common.mjs';
import { WAMID_RE, createTemplate, enc, getTemplate, sendInput } from './helpers/messaging.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { BUSINESS_DIGITS, FRIEND, assertEnvelope } from './helpers/events.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:flow-events';

// One screen that completes at once: valid Flow JSON that can be published.
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
          {
            type: 'Footer',
            label: 'Book',
            'on-click-action': { name: 'complete', payload: {} },
          },
        ],
      },
    },
  ],
};

let rx;
let srv;
let client;
before(async () => {
  rx = await startReceiver();
  srv = await startServer({ args: ['--clock', 'manual', '--webhook-raw', `${DEST}=${rx.url('/hook')}`] });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  await rx?.close();
});
beforeEach(async () => {
  await srv.reset();
  await ev.setDestination(client, DEST);
  rx.reset();
});

// ---------------------------------------------------------------------------------------
// Helpers

const advance = (seconds) => ev.advance(srv, seconds);

/** Creates a flow with valid JSON in `waba` (published at once when asked); returns its id. */
async function createFlow(flowName, { publish = false, waba = FIXTURE_WABA_ID } = {}) {
  const out = await client.send(
    new CreateFlow({ id: waba, flowName, categories: ['APPOINTMENT_BOOKING'], flowJson: enc(FLOW_JSON), publish }),
  );
  assert.match(out.flowId ?? '', /^[0-9]+$/);
  const flow = await client.send(new GetFlow({ id: waba, flowId: out.flowId }));
  assert.equal(flow.flowStatus, publish ? 'PUBLISHED' : 'DRAFT', JSON.stringify(flow));
  return out.flowId;
}

/** An interactive flow message to FRIEND with these action parameters. */
function flowMessage(parameters) {
  return {
    messaging_product: 'whatsapp',
    to: `+${FRIEND}`,
    type: 'interactive',
    interactive: {
      type: 'flow',
      header: { type: 'text', text: 'Corner table' },
      body: { text: 'Book your table for tonight.' },
      footer: { text: 'Demo Store' },
      action: {
        name: 'flow',
        parameters: { flow_message_version: '3', flow_cta: 'Book now', ...parameters },
      },
    },
  };
}

async function send(message) {
  const out = await client.send(new Send(sendInput(message)));
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.match(out.messageId ?? '', WAMID_RE);
  return out.messageId;
}

async function rejected(message, code) {
  const err = await expectError(client.send(new Send(sendInput(message))), 'InvalidParametersException', 400);
  assert.ok(err.message.startsWith(`(#${code})`), `expected (#${code}): ${err.message}`);
  return err;
}

/** The customer writes first, so free-form messages are inside the service window. */
async function openWindow() {
  await ev.inbound(srv, FRIEND);
  await advance(0);
  rx.reset();
}

/** Webhook requests whose value is a status of `wamid`, in arrival order. */
const statusesOf = (wamid) =>
  rx.requests.map((r) => valueOf(r.body).statuses?.[0]).filter((s) => s?.id === wamid);

/** Webhook requests carrying an inbound message. */
const inboundHooks = () => rx.requests.filter((r) => valueOf(r.body).messages);

function bookingTemplate(flowButton) {
  return {
    name: 'book_table',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your table request is ready to complete.' },
      { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Book now', ...flowButton }] },
    ],
  };
}

function bookingSend(components) {
  return {
    messaging_product: 'whatsapp',
    to: `+${FRIEND}`,
    type: 'template',
    template: { name: 'book_table', language: { code: 'en_US' }, components },
  };
}

// ---------------------------------------------------------------------------------------

describe('interactive flow messages', () => {
  test('a DRAFT flow in draft mode is accepted and delivered', async () => {
    const flowId = await createFlow('booking draft');
    await openWindow();
    const wamid = await send(flowMessage({ flow_id: flowId, mode: 'draft', flow_token: 'booking-1' }));
    await advance(1);
    assert.deepEqual(statusesOf(wamid).map((s) => s.status), ['sent', 'delivered']);
  });

  test('a DRAFT flow in published mode (the default) is refused with 131009', async () => {
    const flowId = await createFlow('booking draft');
    await openWindow();
    const err = await rejected(flowMessage({ flow_id: flowId }), 131009);
    assert.match(err.message, new RegExp(`flow ${flowId} is DRAFT; a draft flow can only be sent with mode "draft"`));
    await rejected(flowMessage({ flow_id: flowId, mode: 'published' }), 131009);
  });

  test('a PUBLISHED flow opens by id or by name in published mode, not in draft mode', async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await openWindow();
    await send(flowMessage({ flow_id: flowId, flow_action: 'navigate', flow_action_payload: { screen: 'BOOKING' } }));
    await send(flowMessage({ flow_name: 'booking live', mode: 'published' }));
    const err = await rejected(flowMessage({ flow_id: flowId, mode: 'draft' }), 131009);
    assert.match(err.message, /is PUBLISHED; mode "draft" is only for DRAFT flows/);
  });

  test("another WABA's flow is unknown to this WABA's numbers", async () => {
    const bakery = await link(client, TOKENS.bakery);
    const flowId = await createFlow('bakery order', { publish: true, waba: bakery.wabaId });
    await openWindow();
    const err = await rejected(flowMessage({ flow_id: flowId }), 131009);
    assert.match(err.message, new RegExp(`flow_id ${flowId} matches no flow of this WhatsApp Business Account`));
    await rejected(flowMessage({ flow_name: 'bakery order' }), 131009);
    await rejected(flowMessage({ flow_id: '1234567890123456' }), 131009);
  });

  test('a DEPRECATED flow can no longer be sent, nor put on a new template', async () => {
    const flowId = await createFlow('booking old', { publish: true });
    await client.send(new DeprecateFlow({ id: FIXTURE_WABA_ID, flowId }));
    await openWindow();
    const err = await rejected(flowMessage({ flow_id: flowId }), 131009);
    assert.match(err.message, /is DEPRECATED and can no longer be sent/);
    await rejected(flowMessage({ flow_id: flowId, mode: 'draft' }), 131009);
    await expectError(createTemplate(client, bookingTemplate({ flow_id: flowId })), 'InvalidParametersException', 400, /is DEPRECATED; a template's flow must be PUBLISHED/);
  });

  test('a THROTTLED flow takes 10 messages an hour (132069); a BLOCKED one none (132068)', async () => {
    // Health moves only for endpoint flows; endpointUri (2026-09) is not in the pinned SDK yet.
    const created = await srv.raw('POST', '/v1/whatsapp/flow/create', {
      body: {
        id: FIXTURE_WABA_ID,
        flowName: 'booking endpoint',
        categories: ['OTHER'],
        flowJson: Buffer.from(JSON.stringify(FLOW_JSON)).toString('base64'),
        publish: true,
        endpointUri: 'https://example.com/flow-endpoint',
      },
    });
    assert.equal(created.status, 200, created.text);
    const { flowId } = created.json;
    const setHealth = async (status) => {
      const res = await srv.raw('POST', `/_socialite/flows/${flowId}/status`, { body: { status } });
      assert.equal(res.status, 200, res.text);
    };
    await openWindow();
    await setHealth('THROTTLED');
    for (let i = 0; i < 10; i += 1) await send(flowMessage({ flow_id: flowId }));
    const throttled = await rejected(flowMessage({ flow_id: flowId }), 132069);
    assert.match(throttled.message, /THROTTLED and was sent 10 times in the last hour; the limit is 10/);
    await advance(3600);
    await openWindow();
    await send(flowMessage({ flow_id: flowId }));
    await setHealth('BLOCKED');
    await rejected(flowMessage({ flow_id: flowId }), 132068);
  });

  test('the message shape is checked as Meta does', async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await openWindow();
    await rejected(flowMessage({ flow_id: flowId, flow_message_version: '2' }), 131009);
    await rejected(flowMessage({ flow_id: flowId, flow_name: 'booking live' }), 131009);
    await rejected(flowMessage({ flow_id: flowId, flow_cta: 'x'.repeat(31) }), 131009);
    await rejected(flowMessage({ flow_id: flowId, flow_action: 'data_exchange', flow_action_payload: { screen: 'BOOKING' } }), 100);
    await rejected(flowMessage({ flow_id: flowId, flow_action_payload: { screen: 'BOOKING', data: {} } }), 131009);
    await rejected(flowMessage({ flow_id: flowId, mode: 'test' }), 100);
  });
});

describe('templates with a FLOW button', () => {
  test('creation needs a PUBLISHED flow of the WABA, and a flow_name is stored as its id', async () => {
    const draftId = await createFlow('booking draft');
    await expectError(createTemplate(client, bookingTemplate({ flow_id: draftId })), 'InvalidParametersException', 400, /^\(#100\).*is DRAFT; a template's flow must be PUBLISHED/);
    await expectError(createTemplate(client, bookingTemplate({ flow_id: '1234567890123456' })), 'InvalidParametersException', 400, /matches no flow of this WhatsApp Business Account/);

    const liveId = await createFlow('booking live', { publish: true });
    const created = await createTemplate(client, bookingTemplate({ flow_name: 'booking live', navigate_screen: 'BOOKING' }));
    const stored = await getTemplate(client, { metaTemplateId: created.metaTemplateId });
    const button = stored.components.find((c) => c.type === 'BUTTONS').buttons[0];
    assert.equal(button.flow_id, liveId);
    assert.equal(button.flow_name, undefined);
  });

  test('a send with the flow button token is delivered without a service window', async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await createTemplate(client, bookingTemplate({ flow_id: flowId, flow_action: 'navigate', navigate_screen: 'BOOKING' }));
    await advance(0);
    const wamid = await send(
      bookingSend([
        {
          type: 'button',
          sub_type: 'flow',
          index: '0',
          parameters: [{ type: 'action', action: { flow_token: 'tpl-7', flow_action_data: { table: 4 } } }],
        },
      ]),
    );
    await advance(1);
    assert.deepEqual(statusesOf(wamid).map((s) => s.status), ['sent', 'delivered']);

    // The customer completes it: the token of the button comes back.
    const res = await srv.raw('POST', '/_socialite/inbound', {
      body: { type: 'flow_completion', replyTo: wamid, response: { party_size: '4' } },
    });
    assert.equal(res.status, 200, res.text);
    await advance(0);
    const reply = valueOf(inboundHooks()[0].body).messages[0];
    assert.deepEqual(JSON.parse(reply.interactive.nfm_reply.response_json), { flow_token: 'tpl-7', party_size: '4' });
  });
});

describe('the customer completes a flow', () => {
  test('the short admin form becomes Meta\'s nfm_reply at the webhook, in the AWS envelope', async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await openWindow();
    const flowWamid = await send(flowMessage({ flow_id: flowId, flow_token: 'booking-42' }));
    await advance(1);
    rx.reset();

    const res = await srv.raw('POST', '/_socialite/inbound', {
      body: { type: 'flow_completion', replyTo: flowWamid, name: 'Diego', response: { party_size: '4', date: '2026-01-02' } },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.wamid, WAMID_RE);
    await advance(0);

    const hooks = inboundHooks();
    assert.equal(hooks.length, 1);
    const entry = assertEnvelope(hooks[0].body);
    assert.equal(entry.changes[0].field, 'messages');
    const value = entry.changes[0].value;
    assert.equal(value.messaging_product, 'whatsapp');
    // Since 2026 Meta adds the business-scoped user id beside wa_id.
    assert.match(value.contacts[0].user_id, /^[A-Z]{2}\.\d+$/);
    assert.deepEqual(value.contacts, [
      { profile: { name: 'Diego' }, wa_id: FRIEND, user_id: value.contacts[0].user_id },
    ]);
    const message = value.messages[0];
    assert.equal(message.id, res.json.wamid);
    assert.equal(message.from, FRIEND);
    assert.equal(message.type, 'interactive');
    assert.deepEqual(message.context, { from: BUSINESS_DIGITS, id: flowWamid });
    assert.equal(message.interactive.type, 'nfm_reply');
    assert.equal(message.interactive.nfm_reply.name, 'flow');
    assert.equal(message.interactive.nfm_reply.body, 'Sent');
    assert.equal(typeof message.interactive.nfm_reply.response_json, 'string');
    assert.deepEqual(JSON.parse(message.interactive.nfm_reply.response_json), {
      flow_token: 'booking-42',
      party_size: '4',
      date: '2026-01-02',
    });
  });

  test("Meta's raw nfm_reply shape is accepted too, and only as an answer to a flow message", async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await openWindow();
    const flowWamid = await send(flowMessage({ flow_id: flowId, flow_token: 'raw-1' }));
    const raw = (context) =>
      srv.raw('POST', '/_socialite/inbound', {
        body: {
          phoneNumberId: FIXTURE_PHONE_ID,
          from: FRIEND,
          type: 'interactive',
          interactive: {
            type: 'nfm_reply',
            nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ flow_token: 'raw-1', ok: true }) },
          },
          ...(context ? { context } : {}),
        },
      });
    assert.equal((await raw(undefined)).status, 400);
    const text = await send({ messaging_product: 'whatsapp', to: `+${FRIEND}`, type: 'text', text: { body: 'hi' } });
    assert.equal((await raw({ id: text })).status, 400);
    const ok = await raw({ id: flowWamid });
    assert.equal(ok.status, 200, ok.text);
    await advance(1);
    const reply = valueOf(inboundHooks().at(-1).body).messages[0];
    assert.equal(reply.interactive.nfm_reply.response_json, '{"flow_token":"raw-1","ok":true}');
  });

  test('a completion opens the customer service window like any inbound message', async () => {
    const flowId = await createFlow('booking live', { publish: true });
    await createTemplate(client, bookingTemplate({ flow_id: flowId }));
    await advance(0);
    const wamid = await send(bookingSend([]));
    await advance(1);
    const res = await srv.raw('POST', '/_socialite/inbound', { body: { type: 'flow_completion', replyTo: wamid } });
    assert.equal(res.status, 200, res.text);
    // A free-form text now gets delivered instead of failing with 131047.
    rx.reset();
    const text = await send({ messaging_product: 'whatsapp', to: `+${FRIEND}`, type: 'text', text: { body: 'See you tonight' } });
    await advance(1);
    assert.deepEqual(statusesOf(text).map((s) => s.status), ['sent', 'delivered']);
  });

  test('a completion of something that is not a delivered flow message is refused', async () => {
    const unknown = await srv.raw('POST', '/_socialite/inbound', { body: { type: 'flow_completion', replyTo: 'wamid.nothing' } });
    assert.equal(unknown.status, 404, unknown.text);
    await openWindow();
    const text = await send({ messaging_product: 'whatsapp', to: `+${FRIEND}`, type: 'text', text: { body: 'hi' } });
    const notFlow = await srv.raw('POST', '/_socialite/inbound', { body: { type: 'flow_completion', replyTo: text } });
    assert.equal(notFlow.status, 400, notFlow.text);
    assert.match(notFlow.json.error, /is not a flow message/);
  });
});
