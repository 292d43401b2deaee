// EventBridge: with --eventbridge-endpoint every event is also put on the default event bus
// with PutEvents, as AWS does (source aws.social-messaging, a detail-type per event, a flat
// detail). The EventBridge service here is a real HTTP receiver that checks the JSON 1.1
// request and recomputes its SigV4 signature with @smithy/signature-v4.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { SignatureV4 } from '@smithy/signature-v4';
import { ownServerOnly, startServer } from './helpers/server.mjs';
import { sendInput, textMessage } from './helpers/messaging.mjs';
import { startReceiver } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { BUSINESS_DIGITS, FRIEND, META_PHONE_ID, META_WABA_ID } from './helpers/events.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:wa-bus';
const ACCESS_KEY = 'AKIDEVENTBRIDGETEST';
const SECRET_KEY = 'eventbridge/secret+KEY';
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/events\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** The signature @smithy/signature-v4 computes for the recorded request. */
async function expectedSignature(req, region) {
  const amzDate = req.headers['x-amz-date'];
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    service: 'events',
    region,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: req.url,
      headers: {
        host: req.headers.host,
        'content-type': req.headers['content-type'],
        'x-amz-target': req.headers['x-amz-target'],
      },
      body: req.text,
    },
    { signingDate },
  );
  return /Signature=([0-9a-f]{64})$/.exec(signed.headers.authorization)[1];
}

/** Checks one PutEvents request; returns its single entry. */
async function checkPutEvents(req) {
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/');
  assert.equal(req.headers['x-amz-target'], 'AWSEvents.PutEvents');
  assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1');
  assert.match(req.headers['x-amz-date'], /^\d{8}T\d{6}Z$/);
  const auth = AUTH_RE.exec(req.headers.authorization ?? '');
  assert.ok(auth, `Authorization ${req.headers.authorization}`);
  const [, accessKey, date, region, signedHeaders, signature] = auth;
  assert.equal(accessKey, ACCESS_KEY);
  assert.equal(date, req.headers['x-amz-date'].slice(0, 8));
  assert.equal(region, 'us-east-1');
  assert.equal(signedHeaders, 'content-type;host;x-amz-date;x-amz-target');
  assert.equal(signature, await expectedSignature(req, region));
  const body = JSON.parse(req.text);
  assert.deepEqual(Object.keys(body), ['Entries']);
  assert.equal(body.Entries.length, 1);
  const [entry] = body.Entries;
  assert.equal(entry.Source, 'aws.social-messaging');
  assert.equal(entry.EventBusName, 'default');
  assert.equal(typeof entry.Time, 'number');
  assert.deepEqual(entry.Resources, []);
  return entry;
}

const skip = ownServerOnly('--eventbridge-endpoint');

describe('EventBridge PutEvents beside the webhook', { skip }, () => {
  let hook;
  let bus;
  let srv;
  let busAnswers = 0;
  before(async () => {
    hook = await startReceiver();
    bus = await startReceiver();
    srv = await startServer({
      args: [
        '--clock', 'manual',
        '--webhook-raw', `${DEST}=${hook.url('/hook')}`,
        '--eventbridge-endpoint', bus.url('/'),
        '--eventbridge-access-key', ACCESS_KEY,
        '--eventbridge-secret-key', SECRET_KEY,
        '--delivery-backoff-ms', '1000',
      ],
    });
  });
  after(async () => {
    await srv?.dispose();
    await hook?.close();
    await bus?.close();
  });
  beforeEach(async () => {
    await srv.reset();
    await ev.setDestination(srv.client(), DEST);
    hook.reset();
    bus.reset();
    bus.respond = () => ({ status: 200, body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: `ev-${(busAnswers += 1)}` }] }) });
  });

  test('every event goes to the bus: signed PutEvents, detail-types, a flat detail', async () => {
    await ev.inbound(srv);
    const { messageId: wamid } = await srv.client().send(new Send(sendInput(textMessage('hello', `+${FRIEND}`))));
    await ev.advance(srv, 5);
    await bus.waitFor(4);
    assert.equal(hook.requests.length, 4, 'the webhook still gets every envelope');
    const entries = [];
    for (const req of bus.requests) entries.push(await checkPutEvents(req));
    assert.deepEqual(entries.map((e) => e.DetailType), [
      'WhatsApp Message Received',
      'WhatsApp Message Sent',
      'WhatsApp Message Delivered',
      'WhatsApp Message Read',
    ]);
    const details = entries.map((e) => JSON.parse(e.Detail));
    for (const detail of details) {
      assert.deepEqual(Object.keys(detail).sort(), [
        'eventTimestamp', 'messageId', 'originationPhoneNumber', 'originationPhoneNumberId', 'status', 'wabaId',
      ]);
      assert.equal(detail.wabaId, META_WABA_ID);
      assert.equal(detail.originationPhoneNumber, BUSINESS_DIGITS);
      assert.equal(detail.originationPhoneNumberId, META_PHONE_ID);
      assert.match(detail.eventTimestamp, /^\d{10}$/);
      for (const value of Object.values(detail)) assert.equal(typeof value, 'string', 'the detail is flat');
    }
    assert.deepEqual(details.map((d) => d.status), ['received', 'sent', 'delivered', 'read']);
    assert.ok(details.slice(1).every((d) => d.messageId === wamid));
    const { events } = await ev.listEvents(srv);
    assert.ok(events.every((e) => e.deliveryState === 'delivered'), JSON.stringify(events.map((e) => e.deliveryState)));
    assert.match(events[0].deliveries.at(-1).target, /^webhook .* \+ eventbridge /);
  });

  test('an event of a WABA without an event destination still reaches the bus', async () => {
    await ev.setDestination(srv.client(), null);
    await ev.inbound(srv);
    await ev.advance(srv, 1);
    await bus.waitFor(1);
    const entry = await checkPutEvents(bus.requests[0]);
    assert.equal(entry.DetailType, 'WhatsApp Message Received');
    assert.equal(hook.requests.length, 0, 'no webhook: the WABA names no destination');
    const { events } = await ev.listEvents(srv);
    assert.equal(events.length, 1);
    assert.equal(events[0].deliveryState, 'delivered');
    assert.match(events[0].deliveries.at(-1).target, /^eventbridge /);
  });

  test('a failing bus is retried without sending the webhook part again', async () => {
    let calls = 0;
    bus.respond = () => {
      calls += 1;
      return calls === 1
        ? { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) }
        : { status: 200, body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'ok' }] }) };
    };
    const { wamid } = await ev.inbound(srv);
    await ev.advance(srv, 0);
    await bus.waitFor(1);
    let event = await ev.eventOf(srv, wamid);
    assert.equal(event.deliveryState, 'retrying');
    assert.match(event.lastError, /ThrottlingException: Rate exceeded/);
    await ev.advance(srv, 1);
    await bus.waitFor(2);
    event = await ev.eventOf(srv, wamid);
    assert.equal(event.deliveryState, 'delivered');
    assert.equal(hook.requests.length, 1, 'the webhook got the envelope once');
    assert.equal((await checkPutEvents(bus.requests[1])).DetailType, 'WhatsApp Message Received');
  });

  test('an entry the bus refuses is dead when the error is permanent', async () => {
    bus.respond = () => ({
      status: 200,
      body: JSON.stringify({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }] }),
    });
    const { wamid } = await ev.inbound(srv);
    await ev.advance(srv, 0);
    const event = await ev.eventOf(srv, wamid);
    assert.equal(event.deliveryState, 'dead');
    assert.match(event.lastError, /entry failed: AccessDeniedException: no/);
  });
});
