// Events an application can be tested against: what Meta does to webhooks at random, asked for
// on purpose (duplicates, reordering, delays through status rules and the admin API), replay
// of a finished event, Meta's 2026 payloads (pricing and conversation by metaApiVersion,
// business-scoped user ids, `played`) and, when switched on, Meta's throughput and pair rate
// limits. Manual clock and a real webhook receiver, so everything is deterministic.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { WAMID_RE, sendInput, textMessage } from './helpers/messaging.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { FRIEND, stamp } from './helpers/events.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:realism-events';
const BSUID_RE = /^US\.\d+$/;

const hooksOf = (rx) => rx.requests.filter((r) => r.url === '/hook');
const statusOf = (req) => valueOf(req.body).statuses?.[0];
/** "status" of each webhook request, in arrival order. */
const statuses = (rx) => hooksOf(rx).map((r) => statusOf(r)?.status ?? 'inbound');

async function startWith(rx, extraArgs = []) {
  const srv = await startServer({
    args: [
      '--clock', 'manual',
      '--status-delays', 'sent=0.1,delivered=0.5,read=2',
      '--webhook-raw', `${DEST}=${rx.url('/hook')}`,
      '--delivery-attempts', '2',
      '--delivery-backoff-ms', '1000',
      ...extraArgs,
    ],
  });
  return { srv, client: srv.client() };
}

async function putRules(srv, rules) {
  const res = await srv.raw('PUT', '/_socialite/rules', { body: rules });
  assert.equal(res.status, 200, `rules: ${res.status} ${res.text}`);
  return res.json;
}

async function sendWith(client, message, opts) {
  const out = await client.send(new Send(sendInput(message, opts)));
  assert.match(out.messageId ?? '', WAMID_RE);
  return out.messageId;
}

describe('delivery realism, replay and Meta of 2026', () => {
  let rx;
  let srv;
  let client;
  before(async () => {
    rx = await startReceiver();
    ({ srv, client } = await startWith(rx));
  });
  after(async () => {
    await srv?.dispose();
    await rx?.close();
  });
  beforeEach(async () => {
    await srv.reset();
    await putRules(srv, []);
    await ev.setDestination(client, DEST);
    // The customer writes first: the service window is open for free-form messages.
    await ev.inbound(srv, FRIEND);
    await ev.advance(srv, 0);
    rx.reset();
  });

  const advance = (seconds) => ev.advance(srv, seconds);
  const send = (message, opts) => sendWith(client, message, opts);
  const text = (body = 'Your order shipped') => textMessage(body, `+${FRIEND}`);

  test('a rule with duplicate: 1 delivers every status twice, same event id and bytes', async () => {
    const rules = await putRules(srv, [{ name: 'at least once', duplicate: 1 }]);
    assert.deepEqual(rules.rules ?? rules, [
      { name: 'at least once', recipient: '*', type: '*', template: '*', duplicate: 1 },
    ]);
    const wamid = await send(text());
    await advance(0.1);
    await advance(0.4);
    await advance(1.5);

    assert.deepEqual(statuses(rx), ['sent', 'sent', 'delivered', 'delivered', 'read', 'read']);
    const hooks = hooksOf(rx);
    for (let i = 0; i < hooks.length; i += 2) {
      assert.equal(hooks[i].body.messageId, hooks[i + 1].body.messageId, 'same event id');
      assert.equal(hooks[i].text, hooks[i + 1].text, 'same bytes');
      assert.equal(statusOf(hooks[i]).id, wamid);
    }
    assert.equal(new Set(hooks.map((r) => r.body.messageId)).size, 3, 'three events');

    const events = (await ev.listEvents(srv, { wamid })).events;
    assert.equal(events.length, 3);
    for (const e of events) {
      assert.equal(e.deliveryState, 'delivered');
      assert.deepEqual(
        e.deliveries.map((d) => [d.delivery, d.delivered]),
        [['original', true], ['duplicate', true]],
      );
    }
  });

  test('a duplicate after a gap comes later, behind what fell due meanwhile', async () => {
    await putRules(srv, [{ duplicate: { sent: 1 }, duplicateAfterSeconds: 1 }]);
    await send(text());
    await advance(0.1);
    assert.deepEqual(statuses(rx), ['sent']);
    await advance(0.4);
    assert.deepEqual(statuses(rx), ['sent', 'delivered']);
    await advance(0.6);
    assert.deepEqual(statuses(rx), ['sent', 'delivered', 'sent']);
    const [first, , copy] = hooksOf(rx);
    assert.equal(first.text, copy.text);
  });

  test('reorderWindowSeconds delivers delivered before sent; timestamps still tell the order', async () => {
    await putRules(srv, [{ reorderWindowSeconds: 1 }]);
    const t0 = await ev.clockMs(srv);
    await send(text());
    await advance(1);
    assert.deepEqual(statuses(rx), [], 'held until the window closes');
    await advance(0.2);
    assert.deepEqual(statuses(rx), ['delivered', 'sent']);
    const [delivered, sent] = hooksOf(rx).map(statusOf);
    assert.equal(sent.timestamp, String(Math.floor((t0 + 100) / 1000)));
    assert.equal(hooksOf(rx)[1].body.message_timestamp, stamp(t0 + 100));
    assert.equal(hooksOf(rx)[0].body.message_timestamp, stamp(t0 + 500));
    assert.ok(Number(delivered.timestamp) >= Number(sent.timestamp));
    await advance(1);
    assert.deepEqual(statuses(rx), ['delivered', 'sent', 'read']);
  });

  test('delaySeconds holds a status back without changing when it happened', async () => {
    await putRules(srv, [{ delaySeconds: { sent: 3 } }]);
    const t0 = await ev.clockMs(srv);
    await send(text());
    await advance(0.5);
    assert.deepEqual(statuses(rx), ['delivered']);
    await advance(1.5);
    assert.deepEqual(statuses(rx), ['delivered', 'read']);
    await advance(1.1);
    assert.deepEqual(statuses(rx), ['delivered', 'read', 'sent']);
    assert.equal(hooksOf(rx)[2].body.message_timestamp, stamp(t0 + 100));
    // The message's history is by when statuses happened, not when they were delivered.
    const res = await srv.raw('GET', `/_socialite/messages/${encodeURIComponent(statusOf(hooksOf(rx)[0]).id)}`);
    assert.equal(res.status, 200, res.text);
    const history = res.json.statuses.filter((s) => s.status !== 'accepted').map((s) => s.status);
    assert.deepEqual(history, ['sent', 'delivered', 'read']);
  });

  test('the admin status push takes duplicate and delaySeconds', async () => {
    await putRules(srv, [{ statuses: ['sent'] }]);
    const wamid = await send(text());
    await advance(0.1);
    rx.reset();
    const res = await srv.raw('POST', `/_socialite/messages/${encodeURIComponent(wamid)}/status`, {
      body: { status: 'delivered', duplicate: 1, delaySeconds: 2 },
    });
    assert.equal(res.status, 200, res.text);
    await advance(1.9);
    assert.deepEqual(statuses(rx), []);
    await advance(0.1);
    assert.deepEqual(statuses(rx), ['delivered', 'delivered']);
    assert.equal(hooksOf(rx)[0].text, hooksOf(rx)[1].text);

    const bad = await srv.raw('POST', `/_socialite/messages/${encodeURIComponent(wamid)}/status`, {
      body: { status: 'read', duplicate: 99 },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /duplicate must be a count of extra deliveries from 0 to 10/);
  });

  test('replay delivers a dead event again with its id and bytes; open and unknown events are refused', async () => {
    rx.always(400);
    await putRules(srv, [{ statuses: ['sent'] }]);
    const wamid = await send(text());
    await advance(0.1);
    const [dead] = (await ev.listEvents(srv, { wamid })).events;
    assert.equal(dead.deliveryState, 'dead');
    const deadBytes = hooksOf(rx)[0].text;

    rx.reset();
    await ev.advance(srv, 5);
    const replay = await srv.raw('POST', `/_socialite/events/${dead.id}/replay`);
    assert.equal(replay.status, 202, replay.text);
    assert.equal(replay.json.id, dead.id);
    await advance(0);
    assert.equal(hooksOf(rx).length, 1);
    assert.equal(hooksOf(rx)[0].text, deadBytes, 'the same bytes');
    assert.equal(hooksOf(rx)[0].body.messageId, dead.id, 'the same event id');

    const [again] = (await ev.listEvents(srv, { wamid })).events;
    assert.equal(again.deliveryState, 'delivered');
    assert.deepEqual(
      again.deliveries.map((d) => [d.delivery, d.delivered, d.httpStatus]),
      [['original', false, 400], ['replay', true, 200]],
    );

    // A delivered event can be replayed too.
    assert.equal((await srv.raw('POST', `/_socialite/events/${dead.id}/replay`)).status, 202);
    await advance(0);
    assert.equal(hooksOf(rx).length, 2);

    const open = await send(text('later'));
    const [pending] = (await ev.listEvents(srv, { wamid: open })).events;
    const conflict = await srv.raw('POST', `/_socialite/events/${pending.id}/replay`);
    assert.equal(conflict.status, 409, conflict.text);
    assert.match(conflict.json.message ?? conflict.text, /still being delivered/);
    const unknown = await srv.raw('POST', '/_socialite/events/00000000-0000-4000-8000-000000000000/replay');
    assert.equal(unknown.status, 404, unknown.text);
  });

  test('pricing on sent and delivered; conversation only for sends before v24.0', async () => {
    const modern = await send(text('v24'), { version: 'v24.0' });
    const legacy = await send(text('v23'), { version: 'v23.0' });
    await advance(2);
    const of = (wamid) => hooksOf(rx).map(statusOf).filter((s) => s.id === wamid);
    for (const s of of(modern)) {
      assert.equal(s.conversation, undefined, `v24.0 ${s.status} has no conversation`);
      if (s.status === 'read') assert.equal(s.pricing, undefined);
      else {
        assert.deepEqual(s.pricing, {
          billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service',
        });
      }
    }
    for (const s of of(legacy)) {
      if (s.status === 'read') assert.equal(s.conversation, undefined);
      else assert.deepEqual(s.conversation.origin, { type: 'service' }, `v23.0 ${s.status}`);
    }
  });

  test('statuses name the recipient by the BSUID its inbound messages carry', async () => {
    await ev.inbound(srv, FRIEND);
    await advance(0);
    const inboundValue = valueOf(hooksOf(rx)[0].body);
    const bsuid = inboundValue.contacts[0].user_id;
    assert.match(bsuid, BSUID_RE);
    assert.equal(inboundValue.messages[0].from_user_id, bsuid);
    rx.reset();

    await send(text());
    await advance(2);
    assert.deepEqual(statuses(rx), ['sent', 'delivered', 'read']);
    for (const req of hooksOf(rx)) assert.equal(statusOf(req).recipient_user_id, bsuid);

    // A failure of a message sent to a phone number carries none.
    rx.reset();
    await sendWith(client, textMessage('nobody wrote', '+14255550177'));
    await advance(0.1);
    assert.equal(statusOf(hooksOf(rx)[0]).status, 'failed');
    assert.equal(statusOf(hooksOf(rx)[0]).recipient_user_id, undefined);
  });

  test('played: through a rule for audio, through the admin push; never for a text', async () => {
    await putRules(srv, [{ type: 'audio', statuses: ['sent', 'delivered', 'read', 'played'] }]);
    const audio = {
      messaging_product: 'whatsapp',
      to: `+${FRIEND}`,
      type: 'audio',
      audio: { link: 'https://www.example.com/audio/voice-note.ogg' },
    };
    const voice = await send(audio);
    await advance(3);
    assert.deepEqual(statuses(rx), ['sent', 'delivered', 'read', 'played']);
    assert.equal(statusOf(hooksOf(rx)[3]).id, voice);

    rx.reset();
    const pushed = await srv.raw('POST', `/_socialite/messages/${encodeURIComponent(voice)}/status`, {
      body: { status: 'played' },
    });
    assert.equal(pushed.status, 200, pushed.text);
    await advance(0);
    assert.deepEqual(statuses(rx), ['played']);

    const plain = await send(text());
    const refused = await srv.raw('POST', `/_socialite/messages/${encodeURIComponent(plain)}/status`, {
      body: { status: 'played' },
    });
    assert.equal(refused.status, 400, refused.text);
  });
});

describe('Meta rate limits, switched on', () => {
  let rx;
  let srv;
  let client;
  before(async () => {
    rx = await startReceiver();
    ({ srv, client } = await startWith(rx, ['--throughput-limit', '80', '--pair-rate-limit', '6']));
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

  /** The failed status's error code of each wamid (null when not failed). */
  async function failureCodes(wamids) {
    await ev.advance(srv, 0.1);
    const byId = new Map(hooksOf(rx).map(statusOf).filter(Boolean).map((s) => [s.id, s]));
    return wamids.map((w) => byId.get(w)?.errors?.[0]?.code ?? null);
  }

  test('a second message to the same user within 6 s fails with 131056; after 6 s it goes', async () => {
    await ev.inbound(srv, FRIEND);
    await ev.advance(srv, 0);
    const first = await sendWith(client, textMessage('one', `+${FRIEND}`));
    const second = await sendWith(client, textMessage('two', `+${FRIEND}`));
    assert.deepEqual(await failureCodes([first, second]), [null, 131056]);
    await ev.advance(srv, 5.9);
    const third = await sendWith(client, textMessage('three', `+${FRIEND}`));
    assert.deepEqual(await failureCodes([third]), [null]);
    const failed = hooksOf(rx).map(statusOf).find((s) => s?.id === second);
    assert.equal(failed.status, 'failed');
    assert.match(failed.errors[0].error_data.details, /same phone number/);
  });

  test('the 81st message of one clock second from a number fails with 130429', async () => {
    const wamids = [];
    for (let i = 0; i < 81; i += 1) {
      // Distinct users (no pair limit); nobody wrote, so each fails 131047 but still counts.
      wamids.push(await sendWith(client, textMessage(`n${i}`, `+1425555${String(1000 + i)}`)));
    }
    const codes = await failureCodes(wamids);
    assert.deepEqual(codes.slice(0, 80), Array(80).fill(131047));
    assert.equal(codes[80], 130429);
    await ev.advance(srv, 1);
    rx.reset();
    const next = await sendWith(client, textMessage('next second', '+14255552000'));
    assert.deepEqual(await failureCodes([next]), [131047], 'a new second has room again');
  });
});
