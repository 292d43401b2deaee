// The live stream, GET /_socialite/stream: server-sent events of what happens in the emulator,
// read here with fetch as a test (or the inbox page) would. Messages sent through the real SDK
// appear within 500 ms; statuses appear when they happen on the clock, whether or not their
// events have somewhere to go; event deliveries, inbound messages, API requests, templates,
// the clock and resets each have a frame; filters, the admin token, Last-Event-ID and the
// cap on open streams behave as README "The live stream" says.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { ownServerOnly, startServer } from './helpers/server.mjs';
import { FIXTURE_PHONE2_ID, FIXTURE_PHONE_ARN, FIXTURE_PHONE_ID, FIXTURE_WABA_ID } from './helpers/common.mjs';
import { WAMID_RE, createTemplate, review, sendInput, textMessage, utilityTemplate } from './helpers/messaging.mjs';
import { startReceiver } from './helpers/receiver.mjs';
import { FRIEND, TIMESTAMP_RE, advance, inbound, setDestination, stamp } from './helpers/events.mjs';
import { openStream } from './helpers/stream.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:live-events';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sends a text to FRIEND through the SDK; returns {wamid, sentAt, answeredAt}. */
async function sendText(client, body = 'hello', phone = FIXTURE_PHONE_ID) {
  const sentAt = Date.now();
  const out = await client.send(new Send(sendInput(textMessage(body, `+${FRIEND}`), { phone })));
  assert.match(out.messageId, WAMID_RE);
  return { wamid: out.messageId, sentAt, answeredAt: Date.now() };
}

describe('the live stream on the manual clock', { skip: ownServerOnly('--clock manual and a webhook') }, () => {
  let rx;
  let srv;
  let client;
  const open = [];
  const stream = async (query, headers) => {
    const live = await openStream(srv, query, headers);
    if (live.close) open.push(live);
    return live;
  };

  before(async () => {
    rx = await startReceiver();
    srv = await startServer({
      args: [
        '--clock', 'manual',
        '--status-delays', 'sent=0.1,delivered=0.5,read=2',
        '--webhook-raw', `${DEST}=${rx.url('/hook')}`,
      ],
    });
    client = srv.client();
  });
  after(async () => {
    await Promise.all(open.map((live) => live.close()));
    await srv?.dispose();
    await rx?.close();
  });
  beforeEach(async () => {
    await Promise.all(open.splice(0).map((live) => live.close()));
    await srv.reset();
    await setDestination(client, DEST);
    await inbound(srv, FRIEND); // opens the customer service window for free-form replies
    await advance(srv, 0);
    rx.reset();
  });

  test('answers 200 text/event-stream and starts with retry and hello', async () => {
    const live = await stream();
    assert.equal(live.status, 200);
    assert.equal(live.headers.get('content-type'), 'text/event-stream');
    assert.equal(live.headers.get('cache-control'), 'no-cache');
    assert.equal(live.headers.get('content-length'), null);
    const hello = await live.waitFor(() => true);
    assert.equal(hello.event, 'hello');
    assert.equal(hello.retry, '1000');
    assert.equal(typeof hello.data.seq, 'number');
    assert.equal(hello.id, String(hello.data.seq));
  });

  test('a message sent through the SDK appears within 500 ms, after its COMMIT, with its fields', async () => {
    const live = await stream({ types: 'message' });
    await live.waitFor((f) => f.event === 'hello');
    const sent = await sendText(client, 'live hello');
    const frame = await live.waitFor((f) => f.event === 'message' && f.data.wamid === sent.wamid, 500);
    assert.ok(frame.receivedAt - sent.sentAt <= 500, `${frame.receivedAt - sent.sentAt} ms`);
    const clock = (await srv.raw('GET', '/_socialite/clock')).json.nowMillis;
    assert.deepEqual(frame.data, {
      wamid: sent.wamid,
      direction: 'outbound',
      phoneNumberId: FIXTURE_PHONE_ID,
      wabaId: FIXTURE_WABA_ID,
      customer: FRIEND,
      type: 'text',
      at: stamp(clock),
      atMs: clock,
    });
    assert.match(frame.id, /^\d+$/);
    // The message is readable by the time its frame is out.
    const view = await srv.raw('GET', `/_socialite/messages/${sent.wamid}`);
    assert.equal(view.status, 200);
  });

  test('statuses arrive as the clock reaches them, in order, each followed by its delivery', async () => {
    const live = await stream({ types: 'status,event,clock' });
    await live.waitFor((f) => f.event === 'hello');
    const { wamid } = await sendText(client);
    const start = (await srv.raw('GET', '/_socialite/clock')).json.nowMillis;
    // Appended: three pending events at once, no status yet.
    const appended = await live.waitForCount((f) => f.event === 'event' && f.data.wamid === wamid, 3, 1000);
    for (const frame of appended) {
      assert.equal(frame.data.deliveryState, 'pending');
      assert.equal(frame.data.kind, 'status');
      assert.equal(frame.data.attempts, 0);
      assert.equal(frame.data.wabaId, FIXTURE_WABA_ID);
      assert.equal(frame.data.destination, DEST);
    }
    await sleep(100);
    assert.equal(live.frames.filter((f) => f.event === 'status').length, 0);

    const statuses = [];
    for (const [seconds, status] of [[0.1, 'sent'], [0.4, 'delivered'], [1.5, 'read']]) {
      await advance(srv, seconds);
      const frame = await live.waitFor((f) => f.event === 'status' && f.data.status === status, 1000);
      statuses.push(frame);
      // The clock frame comes last: once it is here, everything the advance did is too.
      const clock = await live.waitFor((f) => f.event === 'clock' && Number(f.id) > Number(frame.id), 1000);
      const delivered = live.frames.filter(
        (f) => f.event === 'event' && f.data.wamid === wamid && f.data.deliveryState === 'delivered',
      );
      assert.equal(delivered.length, statuses.length, live.describe());
      assert.ok(Number(delivered.at(-1).id) > Number(frame.id));
      assert.ok(Number(delivered.at(-1).id) < Number(clock.id));
      assert.equal(delivered.at(-1).data.attempts, 1);
    }
    assert.deepEqual(statuses.map((f) => f.data.status), ['sent', 'delivered', 'read']);
    assert.deepEqual(statuses.map((f) => f.data.atMs), [start + 100, start + 500, start + 2000]);
    assert.deepEqual(statuses[0].data, {
      wamid,
      status: 'sent',
      phoneNumberId: FIXTURE_PHONE_ID,
      customer: FRIEND,
      at: stamp(start + 100),
      atMs: start + 100,
    });
    assert.equal(rx.requests.length, 3);
    const clockFrame = live.frames.filter((f) => f.event === 'clock').at(-1);
    assert.deepEqual(clockFrame.data, { nowMs: start + 2000, now: stamp(start + 2000) });
  });

  test('a status with no event destination still appears, and its event is undeliverable', async () => {
    await setDestination(client, null);
    const live = await stream({ types: 'status,event' });
    const { wamid } = await sendText(client);
    await advance(srv, 0.1);
    const sent = await live.waitFor((f) => f.event === 'status' && f.data.wamid === wamid, 1000);
    assert.equal(sent.data.status, 'sent');
    const undeliverable = await live.waitFor(
      (f) => f.event === 'event' && f.data.wamid === wamid && f.data.deliveryState === 'undeliverable',
      1000,
    );
    assert.equal(undeliverable.data.destination, undefined);
    assert.equal(rx.requests.length, 0);
  });

  test('a failed status carries its error code', async () => {
    const put = await srv.raw('PUT', '/_socialite/rules', {
      body: [{ name: 'unreachable', recipient: `+${FRIEND}`, failed: 131026 }],
    });
    assert.equal(put.status, 200, put.text);
    try {
      const live = await stream({ types: 'status' });
      const { wamid } = await sendText(client);
      await advance(srv, 1);
      const failed = await live.waitFor((f) => f.data.wamid === wamid, 1000);
      assert.equal(failed.data.status, 'failed');
      assert.equal(failed.data.errorCode, 131026);
    } finally {
      await srv.raw('PUT', '/_socialite/rules', { body: [] });
    }
  });

  test('an inbound message and a flow of API requests have frames of their own', async () => {
    const live = await stream({ types: 'inbound,request' });
    const { wamid } = await inbound(srv, '14255550111', { type: 'text', text: { body: 'hi there' } });
    const frame = await live.waitFor((f) => f.event === 'inbound', 500);
    assert.equal(frame.data.wamid, wamid);
    assert.equal(frame.data.direction, 'inbound');
    assert.equal(frame.data.customer, '14255550111');
    assert.equal(frame.data.phoneNumberId, FIXTURE_PHONE_ID);
    assert.equal(frame.data.type, 'text');
    assert.match(frame.data.at, TIMESTAMP_RE);
    // Admin requests (the inbound above) are not API requests; SendWhatsAppMessage is.
    assert.equal(live.frames.filter((f) => f.event === 'request').length, 0);
    await sendText(client);
    const request = await live.waitFor((f) => f.event === 'request', 500);
    assert.equal(request.data.operation, 'SendWhatsAppMessage');
    assert.equal(request.data.httpStatus, 200);
    assert.match(request.data.requestId, /^[0-9a-f-]{36}$/);
    assert.match(request.data.at, TIMESTAMP_RE);
  });

  test('templates, resets and replays are told', async () => {
    const live = await stream({ types: 'template,reset,event' });
    const out = await createTemplate(client, utilityTemplate('live_stream_update'));
    await review(srv, out.metaTemplateId, 'APPROVED');
    const approved = await live.waitFor(
      (f) => f.event === 'template' && f.data.metaTemplateId === out.metaTemplateId && f.data.status === 'APPROVED',
      1000,
    );
    assert.equal(approved.data.name, 'live_stream_update');
    assert.equal(approved.data.wabaId, FIXTURE_WABA_ID);

    const { wamid } = await inbound(srv);
    await advance(srv, 0);
    const done = await live.waitFor((f) => f.event === 'event' && f.data.wamid === wamid && f.data.deliveryState === 'delivered', 1000);
    const replay = await srv.raw('POST', `/_socialite/events/${done.data.id}/replay`);
    assert.equal(replay.status, 202, replay.text);
    await live.waitFor(
      (f) => f.event === 'event' && f.data.id === done.data.id && f.data.deliveryState === 'pending' && Number(f.id) > Number(done.id),
      1000,
    );

    await srv.reset();
    const reset = await live.waitFor((f) => f.event === 'reset', 1000);
    assert.deepEqual(reset.data, {});
  });

  test('phoneNumberId (id or ARN) and types leave out what they should', async () => {
    const byArn = await stream({ phoneNumberId: FIXTURE_PHONE_ARN });
    const other = await stream({ phoneNumberId: FIXTURE_PHONE2_ID });
    const onlyMessages = await stream({ types: 'message' });
    const first = await sendText(client, 'to number one');
    await inbound(srv, FRIEND, { type: 'text', text: { body: 'to support' } }, FIXTURE_PHONE2_ID);
    await advance(srv, 3);
    await byArn.waitFor((f) => f.event === 'status' && f.data.status === 'read', 1000);
    await other.waitFor((f) => f.event === 'clock', 1000);
    await onlyMessages.waitFor((f) => f.event === 'message', 1000);
    await sleep(100);

    const kinds = (live) => [...new Set(live.frames.map((f) => f.event))].sort();
    assert.deepEqual(kinds(byArn), ['clock', 'event', 'hello', 'message', 'status']);
    for (const f of byArn.frames.filter((f) => f.data.phoneNumberId)) assert.equal(f.data.phoneNumberId, FIXTURE_PHONE_ID);
    assert.ok(byArn.frames.some((f) => f.event === 'message' && f.data.wamid === first.wamid));
    assert.deepEqual(kinds(other), ['clock', 'event', 'hello', 'inbound']);
    for (const f of other.frames.filter((f) => f.data.phoneNumberId)) assert.equal(f.data.phoneNumberId, FIXTURE_PHONE2_ID);
    assert.deepEqual(kinds(onlyMessages), ['hello', 'message']);

    const byWamid = await stream({ wamid: first.wamid, types: 'status,message' });
    await byWamid.waitFor((f) => f.event === 'hello');
    await sendText(client, 'another');
    await advance(srv, 3);
    await sleep(100);
    assert.deepEqual(kinds(byWamid), ['hello']);
  });

  test('bad queries get a clear 400', async () => {
    for (const [query, pattern] of [
      [{ types: 'message,bogus' }, /unknown type 'bogus'/],
      [{ lastEventId: 'abc' }, /Last-Event-ID/],
      [{ phonenumberid: 'x' }, /Unknown parameter 'phonenumberid'/],
    ]) {
      const res = await openStream(srv, query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.match(res.json.error, pattern);
    }
  });

  test('Last-Event-ID resumes without a gap; an id the ring no longer has resyncs', async () => {
    const first = await stream();
    const hello = await first.waitFor((f) => f.event === 'hello');
    const sent = await sendText(client, 'before the drop');
    const seen = await first.waitFor((f) => f.event === 'message' && f.data.wamid === sent.wamid, 500);
    await first.close();
    // While nobody listens: an inbound, a status, a delivery, a clock move.
    const missed = await inbound(srv, FRIEND, { type: 'text', text: { body: 'while away' } });
    await advance(srv, 0.1);

    const resumed = await stream({}, { 'Last-Event-ID': seen.id });
    const clock = await resumed.waitFor((f) => f.event === 'clock', 1000);
    const frames = resumed.frames;
    assert.equal(frames[0].event, 'hello');
    assert.equal(frames[0].id, undefined); // the reader's id stays where it was
    const ids = frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
    // Every notice after the one seen, none twice, none missing (an unfiltered stream).
    ids.forEach((id, i) => assert.equal(id, Number(seen.id) + 1 + i, JSON.stringify(ids)));
    assert.ok(frames.some((f) => f.event === 'inbound' && f.data.wamid === missed.wamid));
    assert.ok(frames.some((f) => f.event === 'status' && f.data.wamid === sent.wamid));
    assert.ok(Number(clock.id) > Number(seen.id));

    // The same through the query, as a page that cannot set headers would.
    const byQuery = await stream({ lastEventId: seen.id, types: 'inbound' });
    const again = await byQuery.waitFor((f) => f.event === 'inbound', 1000);
    assert.equal(again.data.wamid, missed.wamid);

    // An id from before the ring (or from another run of the server) resyncs first.
    const stale = await stream({}, { 'Last-Event-ID': String(Number(hello.data.seq) - 5000) });
    const resync = await stale.waitFor(() => true);
    assert.equal(resync.event, 'resync');
    assert.equal(typeof resync.data.seq, 'number');
    assert.equal(resync.id, String(resync.data.seq));
    await stale.waitFor((f) => f.event === 'hello');
    assert.equal(stale.frames[1].event, 'hello');
  });
});

describe('the first stream of a server', { skip: ownServerOnly('a server nobody watched yet') }, () => {
  let srv;
  let client;
  before(async () => {
    srv = await startServer({ args: ['--clock', 'manual', '--status-delays', 'sent=1,delivered=2,read=3'] });
    client = srv.client();
  });
  after(async () => srv?.dispose());

  test('also tells the statuses of messages sent before anyone watched', async () => {
    // Nobody watches: the server makes no notices (it is dormant), but the statuses are stored.
    await inbound(srv, FRIEND);
    const before = await sendText(client, 'sent before the stream');
    await advance(srv, 1); // its `sent` happens while nobody watches
    const live = await openStream(srv, { types: 'message,status' });
    await live.waitFor((f) => f.event === 'hello');
    const after = await sendText(client, 'sent after');
    await advance(srv, 3);
    const seen = await live.waitForCount((f) => f.event === 'status', 5, 1000);
    const of = (wamid) => seen.filter((f) => f.data.wamid === wamid).map((f) => f.data.status);
    assert.deepEqual(of(before.wamid), ['delivered', 'read']);
    assert.deepEqual(of(after.wamid), ['sent', 'delivered', 'read']);
    assert.ok(live.frames.some((f) => f.event === 'message' && f.data.wamid === after.wamid));
    assert.ok(!live.frames.some((f) => f.event === 'message' && f.data.wamid === before.wamid));
    await live.close();
  });
});

describe('the live stream and the admin token', { skip: ownServerOnly('--admin-token') }, () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--admin-token', 's3cret'] });
  });
  after(async () => srv?.dispose());

  test('needs the token, in the header or in the query (for EventSource)', async () => {
    const refused = await openStream(srv);
    assert.equal(refused.status, 401);
    const wrong = await openStream(srv, { token: 'nope' });
    assert.equal(wrong.status, 401);
    for (const [query, headers] of [[{ token: 's3cret' }, {}], [{}, { 'x-socialite-admin-token': 's3cret' }]]) {
      const live = await openStream(srv, query, headers);
      assert.equal(live.status, 200);
      await live.waitFor((f) => f.event === 'hello');
      await live.close();
    }
    // The query token is the stream's alone.
    const events = await srv.raw('GET', '/_socialite/events?token=s3cret');
    assert.equal(events.status, 401);
  });
});

describe('the live stream on the system clock', { skip: ownServerOnly('short --status-delays and a restart') }, () => {
  let srv;
  let client;
  before(async () => {
    srv = await startServer({ args: ['--status-delays', 'sent=0.1,delivered=0.2,read=0.3'] });
    client = srv.client();
  });
  after(async () => srv?.dispose());

  test('statuses appear on time by themselves, without any event destination', async () => {
    const live = await openStream(srv, { types: 'message,status' });
    await inbound(srv, FRIEND);
    const sent = await sendText(client);
    await live.waitFor((f) => f.event === 'message' && f.data.wamid === sent.wamid, 500);
    const read = await live.waitFor((f) => f.event === 'status' && f.data.status === 'read', 2000);
    const statuses = live.frames.filter((f) => f.event === 'status' && f.data.wamid === sent.wamid);
    assert.deepEqual(statuses.map((f) => f.data.status), ['sent', 'delivered', 'read']);
    assert.ok(read.receivedAt - sent.sentAt >= 250, `${read.receivedAt - sent.sentAt} ms`);
    assert.ok(read.receivedAt - sent.sentAt < 1300, `${read.receivedAt - sent.sentAt} ms`);
    await live.close();
  });

  test('at most 64 streams are open: the 65th gets 503, and closing frees slots', async () => {
    const streams = [];
    try {
      for (let i = 0; i < 64; i += 1) {
        const live = await openStream(srv, { types: 'clock' });
        assert.equal(live.status, 200, `stream ${i + 1}: ${live.text}`);
        streams.push(live);
      }
      const refused = [];
      for (let i = 0; i < 6; i += 1) refused.push(await openStream(srv));
      for (const res of refused) {
        assert.equal(res.status, 503);
        assert.match(res.json.error, /Too many live streams/);
      }
      await Promise.all(streams.splice(0, 5).map((live) => live.close()));
      // The server learns of each close at once; a new stream gets a slot again.
      let reopened = null;
      for (let tries = 0; tries < 50 && !reopened?.close; tries += 1) {
        reopened = await openStream(srv);
        if (!reopened.close) await sleep(20);
      }
      assert.equal(reopened.status, 200);
      streams.push(reopened);
      // Other admin requests are served meanwhile.
      assert.equal((await srv.raw('GET', '/_socialite/clock')).status, 200);
    } finally {
      await Promise.all(streams.map((live) => live.close()));
    }
  });

  test('SIGTERM ends open streams and the server exits promptly', async () => {
    const streams = [];
    for (let i = 0; i < 5; i += 1) streams.push(await openStream(srv));
    await Promise.all(streams.map((live) => live.waitFor((f) => f.event === 'hello')));
    const stopping = Date.now();
    const { code } = await srv.stop();
    assert.equal(code, 0);
    assert.ok(Date.now() - stopping < 3000, `${Date.now() - stopping} ms`);
    await Promise.all(streams.map((live) => live.done));
    assert.ok(streams.every((live) => live.ended));
    await srv.start();
  });
});
