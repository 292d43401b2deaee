// Neighbour scenario (b): a webhook destination that is down holds a backlog of due events;
// how long do a healthy destination's events take to arrive?
//
// usage: node dead_destination.mjs --base URL --dead-phone ID --healthy-phone ID --sink URL
//          [--dead-events 10000] [--healthy-events 50] [--spacing-ms 100] [--wait-s 10]
//          [--concurrency 8] [--fill-deadline-s 120]
//
// The server under test routes the dead-phone number's WABA to a destination answering 503
// and the healthy-phone number's WABA to a sink started with --record (tests/bench/sink.mjs).
//   1. --dead-events inbound messages (POST /_socialite/inbound) to the dead number, with
//      --concurrency requests in flight: each is one event, due at once (inbound messages have
//      no statuses), for the dead destination. Stops at --fill-deadline-s whatever the count.
//   2. --healthy-events inbound messages to the healthy number, one every --spacing-ms; each
//      one's time is taken when the request is sent (its event cannot fall due earlier).
//   3. Waits until the sink has every healthy message id, at most --wait-s after the last one,
//      and prints each delay from request to arrival at the sink, as
//      NEIGHBOUR scenario=dead_destination dead_events=N dead_failed=N dead_fill_s=X
//                healthy_events=N arrived=N missing=N p50_ms=X p99_ms=X max_ms=X
//      (percentiles over the events that arrived, '-' when none did; missing ones are
//      counted, not timed).
// Exits 0 once it printed; 1 when the server could not be used at all.
import http from 'node:http';

const options = {
  base: '',
  deadPhone: '',
  healthyPhone: '',
  sink: '',
  deadEvents: 10000,
  healthyEvents: 50,
  spacingMs: 100,
  waitS: 10,
  concurrency: 8,
  fillDeadlineS: 120,
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in options) || argv[i + 1] === undefined) {
    console.error(`dead_destination.mjs: bad argument ${argv[i]}`);
    process.exit(2);
  }
  options[key] = typeof options[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}
for (const required of ['base', 'deadPhone', 'healthyPhone', 'sink']) {
  if (!options[required]) {
    console.error(`dead_destination.mjs: --${required.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is required`);
    process.exit(2);
  }
}

const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });

// One request; resolves {status, body} or {status: 0} on a network error or after 10 s.
function request(method, url, body) {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, agent, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: 0 }));
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.setTimeout(10_000, () => req.destroy());
    req.end(body);
  });
}

function inbound(phoneNumberId, text) {
  return request(
    'POST',
    `${options.base}/_socialite/inbound`,
    JSON.stringify({ phoneNumberId, from: '14255550199', name: 'Bench', type: 'text', text: { body: text } }),
  );
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

// 1. The dead destination's backlog.
const fillStart = nowMs();
const fillDeadline = fillStart + options.fillDeadlineS * 1000;
let next = 0;
let deadOk = 0;
let deadFailed = 0;
async function filler() {
  while (next < options.deadEvents && nowMs() < fillDeadline) {
    const i = next++;
    const { status } = await inbound(options.deadPhone, `backlog ${i}`);
    if (status === 200) deadOk += 1;
    else deadFailed += 1;
  }
}
await Promise.all(Array.from({ length: options.concurrency }, filler));
const fillS = (nowMs() - fillStart) / 1000;
if (deadOk === 0) {
  console.error('dead_destination.mjs: no inbound message was accepted');
  process.exit(1);
}

// 2. The healthy destination's events, at a steady pace.
const sentAt = new Map();
let healthyFailed = 0;
for (let i = 0; i < options.healthyEvents; i++) {
  const due = fillStart + fillS * 1000 + i * options.spacingMs;
  if (nowMs() < due) await sleep(due - nowMs());
  const t = nowMs();
  const { status, body } = await inbound(options.healthyPhone, `healthy ${i}`);
  const wamid = status === 200 ? /"wamid"\s*:\s*"([^"]+)"/.exec(body)?.[1] : undefined;
  if (wamid) sentAt.set(wamid, t);
  else healthyFailed += 1;
}

// 3. Arrivals at the healthy sink.
const waitUntil = nowMs() + options.waitS * 1000;
let arrivals = {};
for (;;) {
  const { status, body } = await request('GET', `${options.sink}/_arrivals`);
  if (status === 200) arrivals = JSON.parse(body);
  const missing = [...sentAt.keys()].filter((w) => !(w in arrivals)).length;
  if (missing === 0 || nowMs() >= waitUntil) break;
  await sleep(200);
}
const delays = [...sentAt]
  .filter(([w]) => w in arrivals)
  .map(([w, t]) => arrivals[w] - t)
  .sort((a, b) => a - b);
// With no arrivals there is nothing to time: '-' rather than a 0 that would read as fast.
const fmt = (x) => (delays.length ? x.toFixed(1) : '-');
console.log(
  [
    'NEIGHBOUR scenario=dead_destination',
    `dead_events=${deadOk}`,
    `dead_failed=${deadFailed}`,
    `dead_fill_s=${fillS.toFixed(1)}`,
    `healthy_events=${options.healthyEvents}`,
    `healthy_failed=${healthyFailed}`,
    `arrived=${delays.length}`,
    `missing=${options.healthyEvents - delays.length}`,
    `p50_ms=${fmt(percentile(delays, 50))}`,
    `p99_ms=${fmt(percentile(delays, 99))}`,
    `max_ms=${fmt(delays.at(-1) ?? 0)}`,
  ].join(' '),
);
agent.destroy();
