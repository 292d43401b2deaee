// First render with 1,000 messages in the database: the time from navigation to the page's
// first complete render (thread list and the open thread), measured in the browser by the
// page's own marks. Printed: first loads (a fresh profile each, nothing cached) and reloads
// (the page's files cached), with the machine's load. Asserted: the reload median, against a
// bound with headroom for a loaded machine; the target is 300 ms on a 2-core laptop.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { launchBrowser, seedConversations, seededCustomer, startServer, threadHash, timingsOfFirstRender } from './helpers.mjs';

const CUSTOMERS = 40;
const TOTAL = 1000;
const FIRST_LOADS = 3;
const RELOADS = 5;
const TARGET_MS = 300;
const BOUND_MS = 600; // the target, doubled for a CI machine busy with other work
let srv;
let browser;

const phase = (m) => `${Math.round(m.start)}+${Math.round(m.data - m.start)}+${Math.round(m['first-render'] - m.data)}`;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

before(async () => {
  // A database file, as a user runs it: reads then go to the reader threads, in parallel.
  srv = await startServer({ dbFile: true, args: ['--clock', 'manual'] });
  browser = await launchBrowser();
  await seedConversations(srv, { total: TOTAL, customers: CUSTOMERS });
});
after(async () => {
  await browser?.close();
  await srv?.dispose();
});

test('first render with 1,000 messages', async () => {
  const { messages } = await (await fetch(`${srv.endpoint}/_socialite/messages?limit=1000`)).json();
  assert.equal(messages.length, TOTAL);
  const url = `${srv.endpoint}/_socialite/ui/${threadHash(seededCustomer(0))}`;
  const inThread = messages.filter((m) => m.customer === seededCustomer(0)).length;
  const first = [];
  const reloads = [];
  for (let run = 0; run < FIRST_LOADS; run += 1) {
    const context = await browser.newContext(); // an empty cache
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    first.push((await timingsOfFirstRender(cdp, (options) => page.goto(url, options))).marks);
    if (run === 0) {
      for (let again = 0; again < RELOADS; again += 1) reloads.push((await timingsOfFirstRender(cdp, (options) => page.reload(options))).marks);
      // What was measured is the whole view.
      assert.equal(await page.locator('.thread').count(), CUSTOMERS);
      assert.equal(await page.locator('#messages .row').count(), inThread);
      assert.equal(await page.locator('.thread[aria-current="true"]').count(), 1);
    }
    await context.close();
  }
  const firstMs = first.map((m) => Math.round(m['first-render']));
  const reloadMs = reloads.map((m) => Math.round(m['first-render']));
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(
    `# first render with ${TOTAL} messages (${CUSTOMERS} threads, ${inThread} bubbles open), load average ${load} on ${os.cpus().length} cores: ` +
      `first loads ${firstMs.join('/')} ms (median ${median(firstMs)}), reloads ${reloadMs.join('/')} ms (median ${median(reloadMs)}); ` +
      `start+data+render: first ${first.map(phase).join(', ')}; reloads ${reloads.map(phase).join(', ')} ms`,
  );
  assert.ok(
    median(reloadMs) <= BOUND_MS,
    `median first render on reload ${median(reloadMs)} ms exceeds ${BOUND_MS} ms (target ${TARGET_MS} ms on a quiet 2-core laptop; load average ${load})`,
  );
});
