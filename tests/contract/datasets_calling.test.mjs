// Conversion datasets (2026-08 model) and the operations AWS added in 2026-09 (business public
// key, call permission, call events, phone number call settings). The pinned JS SDK has none of
// the 7, so requests are signed with the SDK's own SigV4 signer and sent over plain HTTP;
// answers are checked on the wire (status, x-amzn-ErrorType, body). Webhooks reach a real
// receiver through the fixture WABA's event destination.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer } from './helpers/server.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import {
  FIXTURE_PHONE_ARN,
  FIXTURE_PHONE_ID,
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  ZERO_PHONE_ID,
  ZERO_WABA_ID,
} from './helpers/common.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:calls';
const CUSTOMER = '14255559876';
const DATASET_RE = /^[0-9]{16}$/;
const CALL_ID_RE = /^wacid\.[A-Za-z0-9_-]+$/;
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';

let rx;
let srv;
let signer;
before(async () => {
  rx = await startReceiver();
  srv = await startServer({ args: ['--clock', 'manual', '--webhook-raw', `${DEST}=${rx.url('/hook')}`] });
  signer = new SignatureV4({
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    region: 'us-east-1',
    service: 'social-messaging',
    sha256: Sha256,
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

// ---------------------------------------------------------------------------------------
// Signed requests

/** Sends a SigV4-signed request; returns {status, headers, json}. */
async function call(method, path, { query = {}, body } = {}) {
  const endpoint = new URL(srv.endpoint);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = { host: endpoint.host };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign({
    method, protocol: endpoint.protocol, hostname: endpoint.hostname, port: Number(endpoint.port),
    path, query, headers, body: payload,
  });
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${srv.endpoint}${path}${qs ? `?${qs}` : ''}`, {
    method, headers: signed.headers, body: payload,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** Asserts a 200 answer and returns its body. */
function ok(res) {
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.match(res.headers.get('content-type'), /^application\/json/);
  return res.json;
}

/** Asserts an AWS error on the wire: status, x-amzn-ErrorType, {__type, message}. */
function fails(res, name, status, messageRe) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.headers.get('x-amzn-errortype'), name);
  assert.equal(res.json.__type, name);
  assert.deepEqual(Object.keys(res.json).sort(), ['__type', 'message']);
  if (messageRe) assert.match(res.json.message, messageRe);
}

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

const createDataset = (id = FIXTURE_WABA_ID) => call('POST', '/v1/whatsapp/waba/dataset', { body: { id } });
const sendConversion = (datasetId, eventData, id = FIXTURE_WABA_ID) =>
  call('POST', '/v1/whatsapp/waba/dataset/events', { body: { id, datasetId, eventData: b64(eventData) } });
const getKey = (originationPhoneNumberId = FIXTURE_PHONE_ID) =>
  call('GET', '/v1/whatsapp/business-public-key', { query: { originationPhoneNumberId } });
const putKey = (body) => call('PUT', '/v1/whatsapp/business-public-key', { body });
const getPermission = (body) => call('POST', '/v1/whatsapp/call/permission/get', { body });
const callEvent = (event, { phone = FIXTURE_PHONE_ID, version = 'v23.0' } = {}) =>
  call('POST', '/v1/whatsapp/call/event', {
    body: { originationPhoneNumberId: phone, metaApiVersion: version, callEvent: b64(event) },
  });
const updatePhone = (callSettings, id = FIXTURE_PHONE_ID) =>
  call('PUT', '/v1/whatsapp/waba/phone', { query: { id }, body: { callSettings } });
const phoneDetails = (id = FIXTURE_PHONE_ID) => call('GET', '/v1/whatsapp/waba/phone/details', { query: { id } });

const admin = (method, path, body) => srv.raw(method, `/_socialite/${path}`, { body });

/** Delivers what is due and returns the values of the webhooks that reached /hook. */
async function delivered() {
  await ev.advance(srv, 0);
  return rx.requests.filter((r) => r.url === '/hook').map((r) => valueOf(r.body));
}

function purchase(nowSeconds, overrides = {}) {
  return {
    event_name: 'Purchase',
    event_time: nowSeconds,
    action_source: 'business_messaging',
    messaging_channel: 'whatsapp',
    user_data: { ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a', whatsapp_business_account_id: ev.META_WABA_ID },
    custom_data: { currency: 'USD', value: 25.0 },
    event_id: 'order-1001',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------

describe('CreateWhatsAppDataset', () => {
  test('gives the WABA one dataset id, the same on every call, shown on the linked account', async () => {
    const before = ok(await call('GET', '/v1/whatsapp/waba/details', { query: { id: FIXTURE_WABA_ID } }));
    assert.equal(before.account.datasetId, undefined);
    const first = ok(await createDataset());
    assert.deepEqual(Object.keys(first), ['datasetId']);
    assert.match(first.datasetId, DATASET_RE);
    assert.deepEqual(ok(await createDataset(FIXTURE_WABA_ARN)), first);
    const got = ok(await call('GET', '/v1/whatsapp/waba/details', { query: { id: FIXTURE_WABA_ID } }));
    assert.equal(got.account.datasetId, first.datasetId);
    const list = ok(await call('GET', '/v1/whatsapp/waba/list'));
    assert.equal(list.linkedAccounts[0].datasetId, first.datasetId);
  });

  test('a malformed id is a ValidationException, an unknown WABA a ResourceNotFoundException', async () => {
    fails(await createDataset('not-a-waba'), 'ValidationException', 400,
      /^1 validation error detected: Value 'not-a-waba' at 'id' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    fails(await call('POST', '/v1/whatsapp/waba/dataset', { body: {} }), 'ValidationException', 400,
      /Value null at 'id' failed to satisfy constraint: Member must not be null/);
    fails(await createDataset(ZERO_WABA_ID), 'ResourceNotFoundException', 404);
  });
});

describe('SendWhatsAppConversionEvent', () => {
  test('accepts Meta events and answers a request id; the admin endpoint lists them', async () => {
    const { datasetId } = ok(await createDataset());
    const now = Math.floor((await ev.clockMs(srv)) / 1000);
    const single = ok(await sendConversion(datasetId, purchase(now)));
    assert.deepEqual(Object.keys(single), ['requestId']);
    assert.match(single.requestId, /^A[A-Za-z0-9_-]{22}$/);
    const batch = ok(await sendConversion(datasetId, {
      data: [
        purchase(now - 3600, { event_name: 'LeadSubmitted', custom_data: undefined, event_id: 'lead-7' }),
        purchase(now, { event_name: 'OrderShipped', user_data: { whatsapp_business_account_id: ev.META_WABA_ID } }),
      ],
    }));
    assert.notEqual(batch.requestId, single.requestId);

    const res = await admin('GET', `conversions?wabaId=${FIXTURE_WABA_ID}`);
    assert.equal(res.status, 200, res.text);
    const rows = res.json.conversions;
    assert.deepEqual(rows.map((c) => [c.eventName, c.requestId]), [
      ['Purchase', single.requestId], ['LeadSubmitted', batch.requestId], ['OrderShipped', batch.requestId],
    ]);
    assert.equal(rows[0].datasetId, datasetId);
    assert.equal(rows[0].eventTime, now);
    assert.equal(rows[0].eventId, 'order-1001');
    assert.match(rows[0].ctwaClid, /^ARAkLkA8/);
    assert.deepEqual(rows[0].event.custom_data, { currency: 'USD', value: 25 });
    assert.equal(rows[2].ctwaClid, undefined);
    const paged = await admin('GET', `conversions?wabaId=${FIXTURE_WABA_ID}&limit=2`);
    assert.equal(paged.json.conversions.length, 2);
    const rest = await admin('GET', `conversions?wabaId=${FIXTURE_WABA_ID}&limit=2&nextToken=${encodeURIComponent(paged.json.nextToken)}`);
    assert.deepEqual(rest.json.conversions.map((c) => c.eventName), ['OrderShipped']);
  });

  test('events Meta would refuse are InvalidParametersException, naming each problem', async () => {
    const { datasetId } = ok(await createDataset());
    const now = Math.floor((await ev.clockMs(srv)) / 1000);
    fails(await sendConversion(datasetId, purchase(now, { event_name: 'Lead' })), 'InvalidParametersException', 400,
      /event_name 'Lead' is not a business messaging event \(Meta error_subcode 2804066/);
    fails(await sendConversion(datasetId, purchase(now - 8 * 86400)), 'InvalidParametersException', 400,
      /event_time \d+ is more than 7 days in the past/);
    fails(await sendConversion(datasetId, purchase(now + 3600)), 'InvalidParametersException', 400, /is in the future/);
    fails(await sendConversion(datasetId, purchase(now, { action_source: 'website', messaging_channel: 'messenger' })),
      'InvalidParametersException', 400,
      /action_source must be business_messaging; eventData\.messaging_channel must be whatsapp/);
    fails(await sendConversion(datasetId, purchase(now, { user_data: {} })), 'InvalidParametersException', 400,
      /user_data needs ctwa_clid/);
    fails(await sendConversion(datasetId, purchase(now, { user_data: { whatsapp_business_account_id: '999' } })),
      'InvalidParametersException', 400, /'999' is not this WhatsApp Business Account/);
    fails(await sendConversion(datasetId, purchase(now, { custom_data: { value: 3 } })), 'InvalidParametersException', 400,
      /custom_data\.currency is required for Purchase/);
    fails(await sendConversion(datasetId, { data: [purchase(now), purchase(now, { event_time: 'soon' })] }),
      'InvalidParametersException', 400, /data\[1\]\.event_time is required/);
    fails(await sendConversion(datasetId, 'not json'), 'InvalidParametersException', 400, /eventData is not valid JSON/);
    const none = await admin('GET', 'conversions');
    assert.deepEqual(none.json.conversions, [], 'a refused request keeps nothing');
  });

  test('a dataset of another WABA, or none yet, is ResourceNotFoundException; bad members are ValidationException', async () => {
    const now = Math.floor((await ev.clockMs(srv)) / 1000);
    fails(await sendConversion('1234567890123456', purchase(now)), 'ResourceNotFoundException', 404, /has no dataset/);
    ok(await createDataset());
    fails(await sendConversion('1234567890123456', purchase(now)), 'ResourceNotFoundException', 404,
      /Dataset 1234567890123456 is not the dataset of/);
    fails(await sendConversion('1234567890123456', purchase(now), ZERO_WABA_ID), 'ResourceNotFoundException', 404);
    const res = await call('POST', '/v1/whatsapp/waba/dataset/events', { body: { id: FIXTURE_WABA_ID, datasetId: '12ab' } });
    fails(res, 'ValidationException', 400);
    assert.match(res.json.message, /^3 validation errors detected: /);
    assert.match(res.json.message, /Value '12ab' at 'datasetId' failed to satisfy constraint: Member must have length greater than or equal to 10/);
    assert.match(res.json.message, /Value null at 'eventData' failed to satisfy constraint: Member must not be null/);
  });
});

describe('business public key', () => {
  const rsa = (bits) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'pem' });

  test('a 2048-bit RSA PEM is stored per number and read back with status VALID', async () => {
    assert.deepEqual(ok(await getKey()), {});
    const pem = rsa(2048);
    assert.deepEqual(ok(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: pem })), {});
    assert.deepEqual(ok(await getKey(FIXTURE_PHONE_ARN)), { businessPublicKey: pem, businessPublicKeySignatureStatus: 'VALID' });
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'pem' });
    ok(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: pkcs1 }));
    assert.equal(ok(await getKey()).businessPublicKey, pkcs1);
  });

  test('a KMS key ARN stores its public half as a PEM', async () => {
    ok(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }));
    const got = ok(await getKey());
    assert.match(got.businessPublicKey, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(got.businessPublicKeySignatureStatus, 'VALID');
  });

  test('both or neither key, or a key Meta refuses, is InvalidParametersException', async () => {
    const pem = rsa(2048);
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID }), 'InvalidParametersException', 400, /exactly one of/);
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: pem, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/flows' }),
      'InvalidParametersException', 400, /exactly one of/);
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: rsa(1024) }),
      'InvalidParametersException', 400, /1024-bit RSA key; Meta requires a 2048-bit RSA key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: ec }), 'InvalidParametersException', 400, /must be an RSA key/);
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' }),
      'InvalidParametersException', 400, /not a valid PEM public key/);
    assert.deepEqual(ok(await getKey()), {}, 'nothing was stored');
  });

  test('validation and unknown numbers', async () => {
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, kmsKeyArn: 'arn:aws:s3:::bucket' }), 'ValidationException', 400,
      /at 'kmsKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    fails(await putKey({ originationPhoneNumberId: FIXTURE_PHONE_ID, businessPublicKey: 'x'.repeat(8193) }), 'ValidationException', 400,
      /Member must have length less than or equal to 8192/);
    fails(await call('GET', '/v1/whatsapp/business-public-key'), 'ValidationException', 400,
      /Value null at 'originationPhoneNumberId' failed to satisfy constraint: Member must not be null/);
    fails(await getKey(ZERO_PHONE_ID), 'ResourceNotFoundException', 404);
    fails(await putKey({ originationPhoneNumberId: ZERO_PHONE_ID, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/x' }), 'ResourceNotFoundException', 404);
  });
});

describe('UpdateLinkedWhatsAppBusinessAccountPhoneNumber', () => {
  const settings = {
    callEnabled: true,
    callIconVisibility: 'DEFAULT',
    callbackPermissionStatus: 'ENABLED',
    callHours: {
      enabled: true,
      timezone: 'America/New_York',
      weeklyOperatingHours: [
        { dayOfWeek: 'MONDAY', openTime: { hours: 9, minutes: 0 }, closeTime: { hours: 12, minutes: 0 } },
        { dayOfWeek: 'MONDAY', openTime: { hours: 13, minutes: 0 }, closeTime: { hours: 17, minutes: 30 } },
      ],
      holidaySchedule: [{ date: '2026-12-25', startTime: { hours: 0, minutes: 0 }, endTime: { hours: 23, minutes: 59 } }],
    },
  };

  test('stores the call settings, which GetLinkedWhatsAppBusinessAccountPhoneNumber then shows', async () => {
    assert.equal(ok(await phoneDetails()).callSettings, undefined);
    assert.deepEqual(ok(await updatePhone(settings, FIXTURE_PHONE_ARN)), { phoneNumberId: FIXTURE_PHONE_ID });
    const got = ok(await phoneDetails());
    assert.deepEqual(got.callSettings, settings);
    assert.equal(got.linkedWhatsAppBusinessAccountId, FIXTURE_WABA_ID);
    ok(await updatePhone({ callEnabled: false }));
    assert.deepEqual(ok(await phoneDetails()).callSettings, { callEnabled: false });
  });

  test('model constraints are ValidationException; Meta rules InvalidParametersException; unknown number 404', async () => {
    const res = await updatePhone({ callHours: { enabled: true, timezone: 'UTC', weeklyOperatingHours: [
      { dayOfWeek: 'FUNDAY', openTime: { hours: 24, minutes: 0 }, closeTime: { hours: 1, minutes: 60 } }] } });
    fails(res, 'ValidationException', 400);
    assert.match(res.json.message, /^4 validation errors detected: /);
    assert.match(res.json.message, /Value null at 'callSettings.callEnabled' failed to satisfy constraint: Member must not be null/);
    assert.match(res.json.message, /Value 'FUNDAY' at 'callSettings.callHours.weeklyOperatingHours.1.member.dayOfWeek' failed to satisfy constraint: Member must satisfy enum value set: \[MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY\]/);
    assert.match(res.json.message, /Value '24' at 'callSettings.callHours.weeklyOperatingHours.1.member.openTime.hours' failed to satisfy constraint: Member must have value less than or equal to 23/);
    fails(await call('PUT', '/v1/whatsapp/waba/phone', { query: { id: FIXTURE_PHONE_ID }, body: {} }), 'ValidationException', 400,
      /Value null at 'callSettings' failed to satisfy constraint: Member must not be null/);

    const day = (open, close) => ({ dayOfWeek: 'TUESDAY', openTime: { hours: open, minutes: 0 }, closeTime: { hours: close, minutes: 0 } });
    const hours = (weeklyOperatingHours, extra = {}) => ({ callEnabled: true, callHours: { enabled: true, timezone: 'Europe/Paris', weeklyOperatingHours, ...extra } });
    fails(await updatePhone(hours([day(17, 9)])), 'InvalidParametersException', 400, /openTime must be before closeTime/);
    fails(await updatePhone(hours([day(9, 12), day(11, 15)])), 'InvalidParametersException', 400, /the two ranges of TUESDAY overlap/);
    fails(await updatePhone(hours([day(8, 9), day(10, 11), day(12, 13)])), 'InvalidParametersException', 400, /TUESDAY has more than two ranges/);
    fails(await updatePhone({ callEnabled: true, callHours: { enabled: true, timezone: 'Paris time', weeklyOperatingHours: [] } }),
      'InvalidParametersException', 400, /not an IANA time zone/);
    fails(await updatePhone(hours([], { holidaySchedule: [{ date: '2026-02-30', startTime: { hours: 0, minutes: 0 }, endTime: { hours: 1, minutes: 0 } }] })),
      'InvalidParametersException', 400, /'2026-02-30' is not a calendar date/);
    fails(await updatePhone({ callEnabled: true, callIconVisibility: 'SHOWN' }), 'InvalidParametersException', 400, /not one of DEFAULT, DISABLE_ALL/);
    fails(await updatePhone({ callEnabled: true }, ZERO_PHONE_ID), 'ResourceNotFoundException', 404);
    assert.equal(ok(await phoneDetails()).callSettings, undefined, 'nothing was stored');
  });
});

describe('GetWhatsAppCallPermission', () => {
  test('no permission at first; a customer\'s acceptance gives a 7-day one, with its webhook', async () => {
    const first = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}` }));
    assert.deepEqual(first.permission, { status: 'no_permission' });
    assert.deepEqual(first.actions, [
      { actionName: 'send_call_permission_request', canPerformAction: true, limits: [
        { timePeriod: 'PT24H', maxAllowed: 1, currentUsage: 0 }, { timePeriod: 'P7D', maxAllowed: 2, currentUsage: 0 }] },
      { actionName: 'start_call', canPerformAction: false, limits: [{ timePeriod: 'PT24H', maxAllowed: 5, currentUsage: 0 }] },
    ]);

    const nowMs = await ev.clockMs(srv);
    const reply = await admin('POST', 'calls/permission', { phoneNumberId: FIXTURE_PHONE_ID, from: CUSTOMER, response: 'accept' });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.json.status, 'temporary');
    const got = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ARN, destinationPhoneNumber: `+${CUSTOMER}` }));
    assert.deepEqual(got.permission, { status: 'temporary', expirationTime: Math.floor((nowMs + 7 * 86400_000) / 1000) });

    const [value] = await delivered();
    const message = value.messages[0];
    assert.equal(message.from, CUSTOMER);
    assert.equal(message.type, 'interactive');
    assert.deepEqual(message.interactive, {
      type: 'call_permission_reply',
      call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: String(Math.floor((nowMs + 7 * 86400_000) / 1000)), response_source: 'user_action' },
    });

    await ev.advance(srv, 7 * 86400 + 1);
    const expired = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}` }));
    assert.deepEqual(expired.permission, { status: 'no_permission' });
  });

  test('a permanent permission, by BSUID; the request limits count sent permission requests', async () => {
    ok(await updatePhone({ callEnabled: true }));
    await admin('POST', 'calls/permission', { phoneNumberId: FIXTURE_PHONE_ID, from: CUSTOMER, response: 'accept', permanent: true });
    const got = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}` }));
    assert.deepEqual(got.permission, { status: 'permanent' });
    assert.equal(got.actions[0].canPerformAction, false, 'nothing to ask for');
    assert.equal(got.actions[1].canPerformAction, true);
    const other = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, endUserBsuid: 'US.13491208655302741918' }));
    assert.deepEqual(other.permission, { status: 'no_permission' });
  });

  test('exactly one end user; validation; unknown number', async () => {
    fails(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID }), 'InvalidParametersException', 400, /exactly one of destinationPhoneNumber/);
    fails(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}`, endUserBsuid: 'US.1' }),
      'InvalidParametersException', 400, /exactly one of/);
    fails(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: CUSTOMER }), 'ValidationException', 400,
      /Value '14255559876' at 'destinationPhoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: \\\+\[1-9\]\\d\{1,14\}/);
    fails(await getPermission({ originationPhoneNumberId: ZERO_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}` }), 'ResourceNotFoundException', 404);
  });
});

describe('SendWhatsAppCallEvent', () => {
  const connect = (extra = {}) => ({ messaging_product: 'whatsapp', to: CUSTOMER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP }, ...extra });
  const act = (action, callId, session) => ({ messaging_product: 'whatsapp', call_id: callId, action, ...(session ? { session: { sdp_type: 'answer', sdp: SDP } } : {}) });

  async function permitted() {
    ok(await updatePhone({ callEnabled: true }));
    await admin('POST', 'calls/permission', { phoneNumberId: FIXTURE_PHONE_ID, from: CUSTOMER, response: 'accept' });
    await delivered();
    rx.reset();
  }

  test('a business-initiated call: connect, the customer answers, the business terminates', async () => {
    await permitted();
    const { callId } = ok(await callEvent(connect({ biz_opaque_callback_data: 'order-77' })));
    assert.match(callId, CALL_ID_RE);
    fails(await callEvent(connect()), 'ConflictException', 409, new RegExp(`Call ${callId.replace('.', '\\.')} with ${CUSTOMER} is still RINGING`));
    const answered = await admin('POST', `calls/${callId}/answer`);
    assert.equal(answered.status, 200, answered.text);
    assert.equal(answered.json.state, 'ACCEPTED');
    await ev.advance(srv, 42);
    assert.deepEqual(ok(await callEvent(act('terminate', callId))), { callId });
    fails(await callEvent(act('terminate', callId)), 'ConflictException', 409, /is COMPLETED; terminate is allowed only before the call has ended/);

    const values = await delivered();
    const statuses = values.filter((v) => v.statuses).map((v) => v.statuses[0]);
    assert.deepEqual(statuses.map((s) => [s.id, s.type, s.status, s.recipient_id, s.biz_opaque_callback_data]), [
      [callId, 'call', 'RINGING', CUSTOMER, 'order-77'], [callId, 'call', 'ACCEPTED', CUSTOMER, 'order-77'],
    ]);
    const calls = values.filter((v) => v.calls).map((v) => v.calls[0]);
    assert.deepEqual(calls.map((c) => [c.id, c.event, c.direction, c.from, c.to]), [
      [callId, 'connect', 'BUSINESS_INITIATED', ev.BUSINESS_DIGITS, CUSTOMER],
      [callId, 'terminate', 'BUSINESS_INITIATED', ev.BUSINESS_DIGITS, CUSTOMER],
    ]);
    assert.equal(calls[0].session.sdp_type, 'answer');
    assert.equal(calls[1].status, 'COMPLETED');
    assert.equal(calls[1].duration, 42);
    assert.equal(values[0].metadata.phone_number_id, ev.META_PHONE_ID);
    const permission = ok(await getPermission({ originationPhoneNumberId: FIXTURE_PHONE_ID, destinationPhoneNumber: `+${CUSTOMER}` }));
    assert.deepEqual(permission.actions[1].limits, [{ timePeriod: 'PT24H', maxAllowed: 5, currentUsage: 1 }]);
  });

  test('a user-initiated call: pre_accept, accept, then terminate; wrong moves are ConflictException', async () => {
    ok(await updatePhone({ callEnabled: true }));
    const incoming = await admin('POST', 'calls', { phoneNumberId: FIXTURE_PHONE_ID, from: CUSTOMER, name: 'Ana' });
    assert.equal(incoming.status, 200, incoming.text);
    const { callId } = incoming.json;
    assert.equal(incoming.json.direction, 'USER_INITIATED');
    const [connectValue] = await delivered();
    assert.deepEqual(connectValue.contacts, [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }]);
    assert.equal(connectValue.calls[0].event, 'connect');
    assert.equal(connectValue.calls[0].session.sdp_type, 'offer');
    rx.reset();

    fails(await callEvent(act('accept', callId)), 'InvalidParametersException', 400, /accept needs a session/);
    assert.deepEqual(ok(await callEvent(act('pre_accept', callId, true))), { callId });
    fails(await callEvent(act('pre_accept', callId, true)), 'ConflictException', 409, /is PRE_ACCEPTED; pre_accept is allowed only while RINGING/);
    assert.deepEqual(ok(await callEvent(act('accept', callId, true))), { callId });
    fails(await callEvent(act('accept', callId, true)), 'ConflictException', 409, /is ACCEPTED; accept is allowed only while RINGING or PRE_ACCEPTED/);
    fails(await callEvent(act('reject', callId)), 'ConflictException', 409);
    const hangup = await admin('POST', `calls/${callId}/hangup`);
    assert.equal(hangup.json.state, 'COMPLETED');
    fails(await callEvent(act('terminate', callId)), 'ConflictException', 409);
    const [terminated] = await delivered();
    assert.equal(terminated.calls[0].event, 'terminate');
    assert.equal(terminated.calls[0].direction, 'USER_INITIATED');
    assert.equal(terminated.calls[0].status, 'COMPLETED');
  });

  test('a rejected business call, and a rejected user call, end with a terminate event', async () => {
    await permitted();
    const { callId } = ok(await callEvent(connect()));
    assert.equal((await admin('POST', `calls/${callId}/reject`)).json.state, 'REJECTED');
    assert.equal((await admin('POST', `calls/${callId}/answer`)).status, 409);
    const values = await delivered();
    assert.deepEqual(values.map((v) => v.statuses?.[0].status ?? v.calls[0].event), ['RINGING', 'REJECTED', 'terminate']);
    assert.equal(values[2].calls[0].status, 'FAILED');
    rx.reset();
    const incoming = await admin('POST', 'calls', { phoneNumberId: FIXTURE_PHONE_ID, from: CUSTOMER });
    ok(await callEvent(act('reject', incoming.json.callId)));
    assert.equal((await admin('GET', `calls/${incoming.json.callId}`)).json.state, 'REJECTED');
  });

  test('refusals: no permission, calling off, bad events, unknown calls, validation', async () => {
    fails(await callEvent(connect()), 'InvalidParametersException', 400, /Calling is not enabled/);
    ok(await updatePhone({ callEnabled: true }));
    fails(await callEvent(connect()), 'InvalidParametersException', 400, /No call permission from 14255559876 \(Meta error 138006\)/);
    fails(await callEvent(connect({ session: { sdp_type: 'answer', sdp: SDP } })), 'InvalidParametersException', 400, /sdp_type "offer"/);
    fails(await callEvent('{"action":'), 'InvalidParametersException', 400, /callEvent must be a JSON object/);
    fails(await callEvent({ action: 'connect' }), 'InvalidParametersException', 400, /messaging_product must be "whatsapp"/);
    fails(await callEvent({ messaging_product: 'whatsapp', action: 'hold' }), 'InvalidParametersException', 400, /'hold' is not one of connect/);
    fails(await callEvent(act('terminate', 'wacid.nope')), 'ResourceNotFoundException', 404, /No call wacid\.nope/);
    fails(await callEvent(connect(), { version: 'v2.0' }), 'InvalidParametersException', 400, /metaApiVersion 'v2.0' is not supported/);
    fails(await callEvent(connect(), { phone: ZERO_PHONE_ID }), 'ResourceNotFoundException', 404);
    const res = await call('POST', '/v1/whatsapp/call/event', { body: { originationPhoneNumberId: FIXTURE_PHONE_ID } });
    fails(res, 'ValidationException', 400, /^2 validation errors detected: /);
    assert.match(res.json.message, /Value null at 'metaApiVersion'/);
    assert.match(res.json.message, /Value null at 'callEvent'/);
  });
});
