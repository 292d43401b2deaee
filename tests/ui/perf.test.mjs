// First render with 1,000 messages in the database: the time from navigation to the page's
// first complete render (thread list and the open thread), measured in the browser. The
// figure is printed; the bound asserted is generous (a loaded CI machine), the target is
// 300 ms on a 2-core laptop.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inbound, launchBrowser, openInbox, sdk, send, startServer, threadHash } from './helpers.mjs';

const CUSTOMERS = 40;
const TOTAL = 1000;
let srv;
let browser;

async function inParallel(count, width, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

before(async () => {
  // A database file, as a user runs it: reads then go to the reader threads, in parallel.
  srv = await startServer({ dbFile: true, args: ['--clock', 'manual'] });
  browser = await launchBrowser();
  const client = sdk(srv);
  const customer = (i) => String(14255560000 + (i % CUSTOMERS));
  // Half from the customers, half answers through the SDK (each customer wrote first).
  await inParallel(TOTAL / 2, 8, (i) => inbound(srv, { type: 'text', text: { body: `question ${i} about *order* ${i}` } }, customer(i)));
  await inParallel(TOTAL / 2, 8, (i) =>
    send(client, { to: `+${customer(i)}`, type: 'text', text: { body: `answer ${i}: _yes_, ready` } }),
  );
});
after(async () => {
  await browser?.close();
  await srv?.dispose();
});

test('first render with 1,000 messages', async () => {
  const { messages } = await (await fetch(`${srv.endpoint}/_socialite/messages?limit=1000`)).json();
  assert.equal(messages.length, TOTAL);
  const hash = threadHash('14255560000');
  const inThread = messages.filter((m) => m.customer === '14255560000').length;
  const figures = [];
  const phases = [];
  const page = await openInbox(browser, srv, hash);
  for (let run = 0; run < 5; run += 1) {
    if (run > 0) {
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
    }
    const marks = await page.evaluate(() =>
      Object.fromEntries(['start', 'data', 'first-render'].map((n) => [n, performance.getEntriesByName(`socialite:${n}`)[0].startTime])),
    );
    assert.equal(await page.locator('.thread').count(), CUSTOMERS);
    assert.equal(await page.locator('#messages .row').count(), inThread);
    figures.push(Math.round(marks['first-render']));
    phases.push(`${Math.round(marks.start)}+${Math.round(marks.data - marks.start)}+${Math.round(marks['first-render'] - marks.data)}`);
  }
  await page.close();
  const warm = figures.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)];
  console.log(
    `# first render with ${TOTAL} messages (${CUSTOMERS} threads, ${inThread} bubbles open): first load ${figures[0]} ms, ` +
      `reloads ${warm.join('/')} ms (median ${median} ms); load+data+render per run: ${phases.join(', ')} ms`,
  );
  assert.ok(median < 1500, `median first render on reload ${median} ms`);
});
