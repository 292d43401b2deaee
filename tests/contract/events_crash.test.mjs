// Events survive a crash: the statuses of an accepted message are in the outbox in the same
// transaction as the message, so a server killed with SIGKILL delivers them after a restart on
// the same db file (at least once: duplicates are allowed, gaps are not). The system clock
// runs here, with statuses 1-2 s after acceptance; every wait is bounded.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { sendInput, textMessage } from './helpers/messaging.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { FRIEND } from './helpers/events.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:wa-events';
const MESSAGES = 5;
const WAIT_MS = 8000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let rx;
let srv;
before(async () => {
  rx = await startReceiver();
  srv = await startServer({
    dbFile: true,
    args: [
      '--clock', 'system',
      '--status-delays', 'sent=1,delivered=1.5,read=2',
      '--webhook-raw', `${DEST}=${rx.url('/hook')}`,
      '--delivery-backoff-ms', '200',
    ],
  });
});
after(async () => {
  await srv?.dispose();
  await rx?.close();
});
beforeEach(async () => {
  await srv.reset();
  await ev.setDestination(srv.client(), DEST);
  rx.reset();
});

/** SIGKILL, then wait for the exit. */
async function crash() {
  const child = srv.child;
  assert.ok(child, 'the server is running');
  child.kill('SIGKILL');
  const { signal } = await srv.exited;
  assert.equal(signal, 'SIGKILL');
  srv.child = null;
}

/** Polls `predicate` until it holds; fails with `describe()` after `timeoutMs`. */
async function waitUntil(predicate, describe, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() >= deadline) assert.fail(`not after ${timeoutMs} ms: ${describe()}`);
    await sleep(20);
  }
}

/** Inbound from FRIEND (opens the window); waits until its event arrived. */
async function openWindow() {
  const { wamid } = await ev.inbound(srv);
  await waitUntil(
    () => rx.requests.some((r) => valueOf(r.body).messages?.[0]?.id === wamid),
    () => `the inbound event of ${wamid}`,
  );
}

/** Retries the async `check` (which asserts) until it passes; rethrows its last failure after `timeoutMs`. */
async function eventually(check, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await sleep(20);
    }
  }
}

async function sendMany(n) {
  const client = srv.client();
  const wamids = [];
  for (let i = 0; i < n; i += 1) {
    const out = await client.send(new Send(sendInput(textMessage(`message ${i}`, `+${FRIEND}`))));
    wamids.push(out.messageId);
  }
  return wamids;
}

/** wamid -> [{status, ts}] in arrival order, from the status events received. */
function statusesByWamid() {
  const by = new Map();
  for (const req of rx.requests) {
    const s = valueOf(req.body).statuses?.[0];
    if (!s) continue;
    if (!by.has(s.id)) by.set(s.id, []);
    by.get(s.id).push({ status: s.status, ts: req.body.message_timestamp });
  }
  return by;
}

const complete = (wamids) => () => {
  const by = statusesByWamid();
  return wamids.every((w) => ['sent', 'delivered', 'read'].every((st) => by.get(w)?.some((x) => x.status === st)));
};

const summary = () => JSON.stringify(Object.fromEntries([...statusesByWamid()].map(([w, l]) => [w.slice(-8), l.map((x) => x.status)])));

/** Every wamid got sent, delivered and read (at least once), nothing else, in timestamp order. */
function assertAllDelivered(wamids) {
  const by = statusesByWamid();
  assert.deepEqual([...by.keys()].sort(), [...wamids].sort(), 'statuses of exactly the accepted messages');
  for (const wamid of wamids) {
    const list = by.get(wamid);
    const first = {};
    for (const { status, ts } of list) {
      assert.ok(['sent', 'delivered', 'read'].includes(status), `unexpected ${status} for ${wamid}`);
      if (first[status] === undefined) first[status] = ts;
      else assert.equal(ts, first[status], 'a duplicate is the same event (same message_timestamp)');
    }
    assert.ok(first.sent < first.delivered, `${wamid}: sent ${first.sent} < delivered ${first.delivered}`);
    assert.ok(first.delivered < first.read, `${wamid}: delivered ${first.delivered} < read ${first.read}`);
    // Per destination, events arrive in order: the first arrival of each status follows it.
    const order = [...new Set(list.map((x) => x.status))];
    assert.deepEqual(order, ['sent', 'delivered', 'read'], `${wamid} arrived as ${JSON.stringify(list)}`);
  }
}

test('SIGKILL before any status is due: after a restart every status arrives', async (t) => {
  await openWindow();
  const started = Date.now();
  const wamids = await sendMany(MESSAGES);
  await crash();
  const elapsed = Date.now() - started;
  t.diagnostic(`killed ${elapsed} ms after the first send`);
  if (elapsed < 900) assert.equal(statusesByWamid().size, 0, 'no status was due before the kill');

  await srv.start();
  await waitUntil(complete(wamids), summary);
  assertAllDelivered(wamids);
  // The last answer may still be on its way back to the server: inspect until it settles.
  await eventually(async () => {
    const { events } = await ev.listEvents(srv, { kind: 'status' });
    assert.equal(events.length, MESSAGES * 3);
    assert.deepEqual(
      events.map((e) => e.deliveryState),
      Array(MESSAGES * 3).fill('delivered'),
    );
  });
});

test('SIGKILL after some statuses were delivered: nothing is lost', async () => {
  await openWindow();
  const wamids = await sendMany(MESSAGES);
  // Wait for some `sent` statuses (due after 1 s), then kill before the rest.
  await waitUntil(
    () => [...statusesByWamid().values()].some((l) => l.some((x) => x.status === 'sent')),
    summary,
  );
  await crash();
  const before = rx.requests.length;
  assert.ok(!complete(wamids)(), `not all statuses had arrived before the kill: ${summary()}`);

  await srv.start();
  await waitUntil(complete(wamids), summary);
  assert.ok(rx.requests.length > before);
  assertAllDelivered(wamids);
});

test('SIGKILL while an event waits for a retry: the retry happens after the restart', async () => {
  rx.always(503);
  const { wamid } = await ev.inbound(srv);
  // Kill once the server has recorded a failed attempt (not merely sent it).
  await eventually(async () => {
    const found = await ev.eventOf(srv, wamid);
    assert.equal(found.deliveryState, 'retrying', JSON.stringify(found));
  }, WAIT_MS);
  await crash();
  rx.reset();

  await srv.start();
  await waitUntil(
    () => rx.requests.some((r) => valueOf(r.body).messages?.[0]?.id === wamid),
    () => `the inbound ${wamid} after the restart`,
  );
  // The receiver has it; the server marks it delivered once it has the answer.
  const e = await eventually(async () => {
    const found = await ev.eventOf(srv, wamid);
    assert.equal(found.deliveryState, 'delivered');
    return found;
  });
  assert.ok(e.attempts >= 2, `attempts ${e.attempts}`);
  assert.equal(e.deliveries.at(-1).delivered, true);
  assert.equal(e.deliveries[0].httpStatus, 503);
});
