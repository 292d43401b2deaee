// Verdict of crash_test.sh. Waits (at most TIMEOUT_S seconds) until the sink's file holds a
// sent, a delivered and a read status for every messageId in IDS_FILE (duplicates allowed),
// then asks the server for each message (GET /_socialite/messages/{wamid} must answer 200).
// Prints one "VERIFY accepted=… in_db=… complete=… envelopes=… status_events=…" line and,
// for failures, up to 5 examples. Exit status 0 when everything is there, 1 otherwise.
// usage: node crash_verify.mjs BASE_URL IDS_FILE EVENTS_FILE [TIMEOUT_S=40]
import { readFileSync, existsSync } from 'node:fs';

const [base, idsFile, eventsFile, timeoutText = '40'] = process.argv.slice(2);
const WANT = ['sent', 'delivered', 'read'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ids = [...new Set(readFileSync(idsFile, 'utf8').split('\n').filter(Boolean))];

// wamid -> set of statuses seen at the sink.
function readEvents() {
  const seen = new Map();
  let envelopes = 0;
  let statusEvents = 0;
  let bad = 0;
  if (!existsSync(eventsFile)) return { seen, envelopes, statusEvents, bad };
  for (const line of readFileSync(eventsFile, 'utf8').split('\n')) {
    if (!line) continue;
    envelopes += 1;
    try {
      const envelope = JSON.parse(line);
      const entry = JSON.parse(envelope.whatsAppWebhookEntry);
      for (const change of entry.changes ?? []) {
        for (const s of change.value?.statuses ?? []) {
          statusEvents += 1;
          if (!seen.has(s.id)) seen.set(s.id, new Set());
          seen.get(s.id).add(s.status);
        }
      }
    } catch {
      bad += 1;
    }
  }
  return { seen, envelopes, statusEvents, bad };
}

const incomplete = (seen) => ids.filter((id) => !WANT.every((s) => seen.get(id)?.has(s)));

const deadline = Date.now() + Number(timeoutText) * 1000;
let events = readEvents();
let missing = incomplete(events.seen);
while (missing.length > 0 && Date.now() < deadline) {
  await sleep(250);
  events = readEvents();
  missing = incomplete(events.seen);
}

// Every accepted message must be readable; 8 requests at a time, all within 30 s.
const notInDb = [];
const dbDeadline = Date.now() + 30_000;
async function lookup(id) {
  let status = 0;
  while (status === 0 && Date.now() < dbDeadline) {
    try {
      const res = await fetch(`${base}/_socialite/messages/${encodeURIComponent(id)}`, {
        signal: AbortSignal.timeout(5000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      await sleep(200);
    }
  }
  if (status !== 200) notInDb.push(`${id} (${status || 'no answer'})`);
}
const queue = [...ids];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (queue.length > 0) await lookup(queue.shift());
  }),
);

console.log(
  `VERIFY accepted=${ids.length} in_db=${ids.length - notInDb.length} complete=${ids.length - missing.length}` +
    ` envelopes=${events.envelopes} status_events=${events.statusEvents} unparsable=${events.bad}`,
);
for (const id of missing.slice(0, 5)) {
  console.log(`  missing statuses for ${id}: saw [${[...(events.seen.get(id) ?? [])].join(', ')}]`);
}
for (const id of notInDb.slice(0, 5)) console.log(`  not in GET /_socialite/messages: ${id}`);
process.exit(missing.length === 0 && notInDb.length === 0 && events.bad === 0 && ids.length > 0 ? 0 : 1);
