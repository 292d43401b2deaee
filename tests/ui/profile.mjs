// Where the first render's time goes, in the browser's own figures: seeds 1,000 messages as
// perf.test.mjs does, then loads the inbox RUNS times in a fresh profile (nothing cached) and
// reloads it RUNS times, and prints for each load, in ms since navigation: the page's HTML
// answered, its files (first asked for, last in), boot.js running, app.js starting, the four
// data calls (first asked for, last in), the data mark and the first render. Medians last.
//   node tests/ui/profile.mjs [RUNS]       (SOCIALITE_TEST_BINARY picks another build)
import os from 'node:os';
import { launchBrowser, seedConversations, seededCustomer, startServer, threadHash, timingsOfFirstRender } from './helpers.mjs';

const runs = Number(process.argv[2] ?? 5);
const COLUMNS = ['html', 'filesFrom', 'filesIn', 'boot', 'start', 'callsFrom', 'callsIn', 'data', 'render'];

// One load's figures from its timings.
function phases({ marks, nav, resources }) {
  const files = resources.filter((r) => r.name.startsWith('ui/') && !r.name.endsWith('.svg')); // the icon comes after
  const calls = resources.filter((r) => !r.name.startsWith('ui/') && !r.name.startsWith('stream'));
  const min = (list, key) => Math.min(...list.map((r) => r[key]));
  const max = (list, key) => Math.max(...list.map((r) => r[key]));
  return {
    html: nav.end,
    filesFrom: min(files, 'start'),
    filesIn: max(files, 'end'),
    boot: marks.boot ?? NaN,
    start: marks.start,
    callsFrom: min(calls, 'start'),
    callsIn: max(calls, 'end'),
    data: marks.data,
    render: marks['first-render'],
    fileBytes: files.reduce((sum, r) => sum + r.bytes, 0),
  };
}

function print(label, rows) {
  console.log(`${label.padEnd(8)}${COLUMNS.map((c) => c.padStart(10)).join('')}  file bytes`);
  for (const row of rows) console.log(`${''.padEnd(8)}${COLUMNS.map((c) => String(Math.round(row[c])).padStart(10)).join('')}  ${row.fileBytes}`);
  const median = (c) => [...rows.map((r) => r[c])].sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  console.log(`${'median'.padEnd(8)}${COLUMNS.map((c) => String(Math.round(median(c))).padStart(10)).join('')}`);
}

const srv = await startServer({ dbFile: true, args: ['--clock', 'manual'] });
const browser = await launchBrowser();
try {
  await seedConversations(srv);
  const url = `${srv.endpoint}/_socialite/ui/${threadHash(seededCustomer(0))}`;
  const first = [];
  const reloads = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    first.push(phases(await timingsOfFirstRender(cdp, (options) => page.goto(url, options))));
    if (run === 0) {
      for (let again = 0; again < runs; again += 1) reloads.push(phases(await timingsOfFirstRender(cdp, (options) => page.reload(options))));
    }
    await context.close();
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores; ${srv.binary ?? ''}`);
  print('first', first);
  print('reload', reloads);
} finally {
  await browser.close();
  await srv.dispose();
}
