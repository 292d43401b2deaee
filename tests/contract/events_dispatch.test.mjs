// The event dispatcher under pressure, against a real server and real webhook receivers:
// a dead destination holding a backlog does not starve a healthy one; POST /_socialite/reset
// stops the old events at once; SIGTERM with a slow webhook and a backlog exits within 3 s and
// the backlog is delivered after the next start. The system clock runs; every wait is bounded.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, REPO_ROOT, startServer } from './helpers/server.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { FIXTURE_PHONE_ID } from './helpers/common.mjs';

const DEAD_DEST = 'arn:aws:sns:us-east-1:000000000000:dead-receiver';
const HEALTHY_DEST = 'arn:aws:sns:us-east-1:000000000000:healthy-receiver';
// A second linked WABA (the fixtures' Corner Bakery) whose events go to HEALTHY_DEST.
const BAKERY_PHONE_ID = 'phone-number-id-0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'socialite-dispatch-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A fixtures file: the default one, the first WABA's events to `firstDest`, plus the bakery. */
function fixturesFile(firstDest) {
  const fixtures = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures', 'default.json'), 'utf8'));
  fixtures.linkedAccounts[0].eventDestinations = [{ eventDestinationArn: firstDest }];
  fixtures.linkedAccounts.push({
    metaWabaId: '104729384756207',
    id: 'waba-0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
    phoneNumbers: [{ metaPhoneNumberId: '110382746592201', id: BAKERY_PHONE_ID }],
    eventDestinations: [{ eventDestinationArn: HEALTHY_DEST }],
  });
  const file = path.join(tmp, `fixtures-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(fixtures));
  return file;
}

/** `count` inbound messages to `phoneNumberId`, a few at a time; returns their wamids in order. */
async function inboundMany(srv, count, phoneNumberId = FIXTURE_PHONE_ID) {
  const wamids = [];
  for (let start = 0; start < count; start += 20) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 20); i += 1) {
      const content = { type: 'text', text: { body: `message ${i}` } };
      batch.push(ev.inbound(srv, ev.FRIEND, content, phoneNumberId));
    }
    for (const answer of await Promise.all(batch)) wamids.push(answer.wamid);
  }
  return wamids;
}

/** The wamid an inbound-message envelope carries. */
const wamidOf = (request) => valueOf(request.body).messages?.[0]?.id;

/** The first request that carried `wamid`, waiting up to `timeoutMs`; null if none came. */
async function arrival(rx, wamid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = rx.requests.find((r) => wamidOf(r) === wamid);
    if (found || Date.now() > deadline) return found ?? null;
    await sleep(10);
  }
}

describe('a dead destination with a backlog', () => {
  let rx;
  let srv;
  after(async () => {
    await srv?.dispose();
    await rx?.close();
  });

  test('does not delay a healthy destination', async () => {
    rx = await startReceiver();
    const closedPort = await freePort();
    srv = await startServer({
      fixtures: fixturesFile(DEAD_DEST),
      args: [
        '--clock', 'system',
        '--webhook-raw', `${DEAD_DEST}=http://127.0.0.1:${closedPort}/dead`,
        '--webhook-raw', `${HEALTHY_DEST}=${rx.url('/healthy')}`,
      ],
    });
    await inboundMany(srv, 400);  // all for the dead receiver, all due now
    await sleep(200);  // the dead destination's head has failed and waits for its retry

    const sentAt = Date.now();
    const healthy = [];  // one after the other, so that their order is known
    for (let i = 0; i < 5; i += 1) healthy.push(...(await inboundMany(srv, 1, BAKERY_PHONE_ID)));
    await rx.waitFor(5, 3000);

    assert.deepEqual(rx.requests.map(wamidOf), healthy, 'in order, each once');
    const slowest = Math.max(...rx.requests.map((r) => r.at)) - sentAt;
    assert.ok(slowest < 1500, `the healthy destination waited ${slowest} ms`);
    const { events } = await ev.listEvents(srv, { state: 'retrying', limit: 1000 });
    assert.equal(events.length, 1, 'only the dead destination head is retrying');
  });
});

describe('a reset', () => {
  let rx;
  let srv;
  after(async () => {
    await srv?.dispose();
    await rx?.close();
  });

  test('stops the old events at once and new ones do not wait behind them', async () => {
    rx = await startReceiver();
    rx.delayMs = 200;
    srv = await startServer({
      fixtures: fixturesFile(HEALTHY_DEST),
      args: ['--clock', 'system', '--webhook-raw', `${HEALTHY_DEST}=${rx.url('/hook')}`],
    });
    const old = new Set(await inboundMany(srv, 40));
    await rx.waitFor(2, 3000);  // delivery is under way

    await srv.reset();
    const resetAt = Date.now();
    const [fresh] = await inboundMany(srv, 1);
    const arrived = await arrival(rx, fresh, 3000);
    assert.ok(arrived, 'the new event arrived');
    assert.ok(arrived.at - resetAt < 1000, `the new event waited ${arrived.at - resetAt} ms`);
    await sleep(500);  // old events that were still queued would show up now

    const lateOld = rx.requests.filter((r) => r.at >= resetAt && old.has(wamidOf(r)));
    assert.deepEqual(lateOld.map(wamidOf), [], 'no event from before the reset after it answered');
  });
});

describe('SIGTERM with a slow webhook and a backlog', () => {
  let rx;
  let srv;
  after(async () => {
    await srv?.dispose();
    await rx?.close();
  });

  test('exits within 3 s, and the backlog is delivered after the next start', async () => {
    rx = await startReceiver();
    rx.delayMs = 500;
    srv = await startServer({
      dbFile: true,
      fixtures: fixturesFile(HEALTHY_DEST),
      args: ['--clock', 'system', '--webhook-raw', `${HEALTHY_DEST}=${rx.url('/hook')}`],
    });
    const wamids = await inboundMany(srv, 100);
    await rx.waitFor(1, 3000);

    const stopping = Date.now();
    const { code } = await srv.stop();
    const took = Date.now() - stopping;
    assert.equal(code, 0);
    assert.ok(took < 3000, `shutdown took ${took} ms`);

    rx.delayMs = 0;
    await srv.start();
    const deadline = Date.now() + 10000;
    const missing = () => wamids.filter((w) => !rx.requests.some((r) => wamidOf(r) === w));
    while (missing().length > 0 && Date.now() < deadline) await sleep(20);
    assert.deepEqual(missing(), [], 'every event reached the webhook at least once');
  });
});
