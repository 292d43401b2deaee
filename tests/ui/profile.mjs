// Where the first render's time goes, in the browser's own figures: seeds 1,000 messages as
// perf.test.mjs does, then loads the inbox RUNS times in a fresh profile (nothing cached) and
// reloads it RUNS times, and prints for each load, in ms since navigation: the page's HTML
// answered, its files (first asked for, last in), boot.js's part of inbox.js running, app.js's
// start(), the four data calls (first asked for, last in), the data mark and the first
// render; with --cpu also the renderer main thread's CPU time up to the first render, from a
// DevTools trace of each load (a figure that a busy machine inflates far less than the
// times). Medians last.
//   node tests/ui/profile.mjs [RUNS] [--cpu]     (SOCIALITE_TEST_BINARY picks another build)
import os from 'node:os';
import { launchBrowser, openBlankPageToMeasure, seedConversations, seededCustomer, startServer, threadHash, timingsOfFirstRender } from './helpers.mjs';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const withCpu = process.argv.includes('--cpu');
const COLUMNS = ['html', 'filesFrom', 'filesIn', 'boot', 'start', 'callsFrom', 'callsIn', 'data', 'render', ...(withCpu ? ['cpu'] : [])];
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'];

// The thread time of the page's main-thread tasks from navigation to the first-render mark.
function mainThreadCpu(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mark = events.filter((e) => e.name === 'socialite:first-render').at(-1);
  const navigation = mark.ts - mark.args.data.startTime * 1000;
  let busyUntil = 0;
  let cpu = 0;
  const tasks = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts >= navigation && e.ts < mark.ts);
  for (const task of tasks.sort((a, b) => a.ts - b.ts)) {
    if (task.ts < busyUntil) continue; // nested in the one before
    busyUntil = task.ts + task.dur;
    cpu += task.tdur ?? 0;
  }
  return cpu / 1000;
}

// One load's figures (with its CPU time when asked for).
async function measure(browser, page, cdp, navigate) {
  if (withCpu) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const row = phases(await timingsOfFirstRender(cdp, navigate));
  if (withCpu) row.cpu = mainThreadCpu(await browser.stopTracing());
  return row;
}

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
    const { context, page, cdp } = await openBlankPageToMeasure(browser); // an empty cache
    first.push(await measure(browser, page, cdp, (options) => page.goto(url, options)));
    if (run === 0) {
      for (let again = 0; again < runs; again += 1) reloads.push(await measure(browser, page, cdp, (options) => page.reload(options)));
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
