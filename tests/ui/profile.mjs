// Where the first render's time goes: seeds 1,000 messages as perf.test.mjs does, loads the
// inbox a few times and prints the browser's own Navigation and Resource Timing figures
// (start, request sent, first byte, end, ms since navigation) next to the page's marks.
//   node tests/ui/profile.mjs [RUNS]
import { inbound, launchBrowser, openInbox, sdk, send, startServer, threadHash } from './helpers.mjs';

const runs = Number(process.argv[2] ?? 4);
const srv = await startServer({ dbFile: true, args: ['--clock', 'manual'] });
const browser = await launchBrowser();
try {
  const client = sdk(srv);
  const customer = (i) => String(14255560000 + (i % 40));
  const jobs = (count, job) => Promise.all(Array.from({ length: 8 }, async (_, w) => { for (let i = w; i < count; i += 8) await job(i); }));
  await jobs(500, (i) => inbound(srv, { type: 'text', text: { body: `question ${i}` } }, customer(i)));
  await jobs(500, (i) => send(client, { to: `+${customer(i)}`, type: 'text', text: { body: `answer ${i}` } }));
  const page = await openInbox(browser, srv, threadHash('14255560000'));
  for (let run = 0; run < runs; run += 1) {
    if (run > 0) {
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
    }
    const t = await page.evaluate(() => {
      const r = Math.round;
      const nav = performance.getEntriesByType('navigation')[0];
      const row = (e) => ({
        name: e.name.replace(location.origin, '').replace('/_socialite/', ''),
        start: r(e.startTime), req: r(e.requestStart), ttfb: r(e.responseStart), end: r(e.responseEnd),
        status: e.responseStatus, bytes: e.transferSize,
      });
      const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('socialite:', ''), r(m.startTime)]));
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((m) => [m.name, r(m.startTime)]));
      return {
        nav: { ...row(nav), domInteractive: r(nav.domInteractive), dcl: r(nav.domContentLoadedEventEnd), load: r(nav.loadEventEnd) },
        resources: performance.getEntriesByType('resource').map(row),
        marks, paint,
      };
    });
    console.log(`run ${run} marks ${JSON.stringify(t.marks)} paint ${JSON.stringify(t.paint)}`);
    console.log(`  nav ${JSON.stringify(t.nav)}`);
    for (const e of t.resources) console.log(`  ${e.name.padEnd(70)} start ${e.start} req ${e.req} ttfb ${e.ttfb} end ${e.end} ${e.status ?? ''} ${e.bytes}B`);
  }
} finally {
  await browser.close();
  await srv.dispose();
}
