// Shared by the event contract tests: the admin endpoints that drive events (clock, inbound
// messages, event inspection) and the exact shape of the AWS event envelope.
import assert from 'node:assert/strict';
import { PutWhatsAppBusinessAccountEventDestinationsCommand as PutDestinations } from '@aws-sdk/client-socialmessaging';
import { ACCOUNT, FIXTURE_PHONE_ARN, FIXTURE_PHONE_ID, FIXTURE_WABA_ARN, FIXTURE_WABA_ID, UUID_RE } from './common.mjs';
import { WAMID_RE } from './messaging.mjs';
import { entryOf } from './receiver.mjs';

// The fixture WABA and its first number on Meta's side.
export const META_WABA_ID = '104729384756102';
export const META_PHONE_ID = '110382746591034';
export const META_PHONE2_ID = '110382746591035';
export const BUSINESS_DIGITS = '14255550123';
// A customer who writes first, so that the 24-hour window is open for free-form messages.
export const FRIEND = '14255550100';
export const TIMESTAMP_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

/** The envelope timestamp for epoch milliseconds: RFC 3339 with 9 fractional digits. */
export const stamp = (ms) => new Date(ms).toISOString().replace('Z', '000000Z');

/** Sets (or, with a falsy arn, clears) the fixture WABA's event destination. */
export async function setDestination(client, arn, id = FIXTURE_WABA_ID) {
  await client.send(new PutDestinations({ id, eventDestinations: arn ? [{ eventDestinationArn: arn }] : [] }));
}

/** Advances the manual clock; everything that falls due has been delivered when it returns. */
export async function advance(srv, seconds) {
  const res = await srv.raw('POST', '/_socialite/clock/advance', { body: { seconds } });
  assert.equal(res.status, 200, `advance ${seconds}: ${res.status} ${res.text}`);
  return res.json;
}

/** The server clock in epoch milliseconds. */
export async function clockMs(srv) {
  const res = await srv.raw('GET', '/_socialite/clock');
  assert.equal(res.status, 200, res.text);
  return res.json.nowMillis;
}

/** A customer's message to a fixture number; returns the admin answer ({wamid, mediaId?}). */
export async function inbound(
  srv,
  from = FRIEND,
  content = { type: 'text', text: { body: 'hi' } },
  phoneNumberId = FIXTURE_PHONE_ID,
) {
  const res = await srv.raw('POST', '/_socialite/inbound', { body: { phoneNumberId, from, name: 'Diego', ...content } });
  assert.equal(res.status, 200, `inbound: ${res.status} ${res.text}`);
  assert.match(res.json.wamid ?? '', WAMID_RE);
  return res.json;
}

/** GET /_socialite/events with a query object; returns the JSON answer ({events, nextToken?}). */
export async function listEvents(srv, query = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await srv.raw('GET', `/_socialite/events${qs ? `?${qs}` : ''}`);
  assert.equal(res.status, 200, `events: ${res.status} ${res.text}`);
  return res.json;
}

/** The one inspected event of a wamid (with this status, when given). */
export async function eventOf(srv, wamid, status) {
  const { events } = await listEvents(srv, { wamid });
  const found = events.filter((e) => (status ? e.status === status : true));
  assert.equal(found.length, 1, `one ${status ?? ''} event of ${wamid}: ${JSON.stringify(events)}`);
  return found[0];
}

/**
 * Asserts the AWS envelope around a Meta entry, exactly; returns the parsed entry.
 * `phone: null` (account-level events) only checks that MetaPhoneNumberIds is a list.
 */
export function assertEnvelope(env, { phone = META_PHONE_ID, phoneArn = FIXTURE_PHONE_ARN } = {}) {
  assert.deepEqual(
    Object.keys(env).sort(),
    ['aws_account_id', 'context', 'messageId', 'message_timestamp', 'whatsAppWebhookEntry'],
    JSON.stringify(env),
  );
  assert.deepEqual(Object.keys(env.context).sort(), ['MetaPhoneNumberIds', 'MetaWabaIds']);
  assert.deepEqual(env.context.MetaWabaIds, [{ wabaId: META_WABA_ID, arn: FIXTURE_WABA_ARN }]);
  if (phone) {
    assert.deepEqual(env.context.MetaPhoneNumberIds, [{ metaPhoneNumberId: phone, arn: phoneArn }]);
  } else {
    assert.ok(Array.isArray(env.context.MetaPhoneNumberIds));
  }
  assert.equal(env.aws_account_id, ACCOUNT);
  assert.match(env.message_timestamp, TIMESTAMP_RE);
  assert.match(env.messageId, UUID_RE);
  assert.equal(typeof env.whatsAppWebhookEntry, 'string');
  const entry = entryOf(env);
  assert.equal(entry.id, META_WABA_ID);
  assert.equal(entry.changes.length, 1);
  return entry;
}
