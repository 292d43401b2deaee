// Events to an SNS-topic destination with no --webhook binding: the server publishes them with
// SNS Publish (Query protocol) signed with SigV4 for the topic's region. The SNS service here
// is a small receiver that checks the request and its signature the way SNS does, recomputing
// the signature with node:crypto, and answers as SNS would.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { sendInput, textMessage } from './helpers/messaging.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import * as ev from './helpers/events.mjs';
import { FRIEND, assertEnvelope, stamp } from './helpers/events.mjs';

const ACCESS_KEY = 'AKIDSOCIALITETEST';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSOCIALITE';
const TOPIC_EU = 'arn:aws:sns:eu-west-1:000000000000:t';
const TOPIC_US = 'arn:aws:sns:us-east-1:000000000000:wa-events';
const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const BACKOFF_MS = 1000;
const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

// ---------------------------------------------------------------------------------------
// SNS on the wire

const sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 percent-encoding: everything but the unreserved set, space as %20. */
const rfc3986 = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const ENCODED_RE = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;
const BODY_RE = /^Action=Publish&Version=2010-03-31&TopicArn=([^&]*)&Message=([^&]*)$/;
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/sns\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** SigV4 "Trimall": no leading/trailing space, inner runs of space folded to one. */
const trimAll = (value) => String(value).trim().replace(/\s+/g, ' ');

/**
 * Checks one recorded request as SNS would; returns {problems: [...], topicArn, message,
 * region, accessKey, amzDate}. `secret` is what SNS knows for the access key.
 */
function checkPublish(req, secret = SECRET_KEY) {
  const problems = [];
  const out = { problems };
  if (req.method !== 'POST') problems.push(`method ${req.method}`);
  if (req.url !== '/') problems.push(`path ${req.url}`);
  if (req.headers['content-type'] !== CONTENT_TYPE) problems.push(`content-type ${req.headers['content-type']}`);

  const body = BODY_RE.exec(req.text);
  if (!body) {
    problems.push(`body is not Action=Publish&Version=2010-03-31&TopicArn=…&Message=…: ${req.text.slice(0, 200)}`);
  } else {
    for (const [name, encoded] of [
      ['TopicArn', body[1]],
      ['Message', body[2]],
    ]) {
      if (!ENCODED_RE.test(encoded)) {
        problems.push(`${name} is not RFC 3986 encoded`);
        continue;
      }
      const decoded = decodeURIComponent(encoded);
      if (rfc3986(decoded) !== encoded) problems.push(`${name} is not encoded the canonical way`);
      if (name === 'TopicArn') out.topicArn = decoded;
      else out.message = decoded;
    }
  }

  const amzDate = req.headers['x-amz-date'];
  out.amzDate = amzDate;
  if (!/^\d{8}T\d{6}Z$/.test(amzDate ?? '')) problems.push(`X-Amz-Date ${amzDate}`);
  const auth = AUTH_RE.exec(req.headers.authorization ?? '');
  if (!auth) {
    problems.push(`Authorization ${req.headers.authorization}`);
    return out;
  }
  const [, accessKey, date, region, signedHeaders, signature] = auth;
  Object.assign(out, { accessKey, region, signedHeaders, signature });
  if (signedHeaders !== 'content-type;host;x-amz-date') problems.push(`SignedHeaders ${signedHeaders}`);
  if (amzDate && date !== amzDate.slice(0, 8)) problems.push(`scope date ${date} vs X-Amz-Date ${amzDate}`);

  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((h) => `${h}:${trimAll(req.headers[h] ?? '')}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(req.text)].join('\n');
  const scope = `${date}/${region}/sns/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, 'sns');
  const kSigning = hmac(kService, 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  out.signatureMatches = expected === signature;
  return out;
}

const publishOk = (messageId) => ({
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body:
    `<PublishResponse xmlns="${SNS_NS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
});

const snsError = (status, code, message, type = 'Sender') => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body:
    `<ErrorResponse xmlns="${SNS_NS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});

/**
 * An SNS responder for a Receiver: checks each request, records the check on the request
 * (`req.check`), answers 403 SignatureDoesNotMatch for a bad signature, 400 for a malformed
 * request, else a PublishResponse (or what `override(req, index)` returns, when it returns).
 */
function snsResponder({ secret = SECRET_KEY, override } = {}) {
  return (req, index) => {
    const check = checkPublish(req, secret);
    req.check = check;
    if (check.signatureMatches === false) {
      return snsError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (check.problems.length > 0) return snsError(400, 'InvalidParameter', check.problems.join('; '));
    const special = override?.(req, index);
    if (special) return special;
    req.publishedMessageId = randomUUID();
    return publishOk(req.publishedMessageId);
  };
}

// ---------------------------------------------------------------------------------------

let sns;
let srv;
let client;
before(async () => {
  sns = await startReceiver();
  srv = await startServer({
    args: [
      '--clock', 'manual',
      '--sns-endpoint', sns.url(''),
      '--sns-access-key', ACCESS_KEY,
      '--sns-secret-key', SECRET_KEY,
      '--delivery-backoff-ms', String(BACKOFF_MS),
    ],
  });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  await sns?.close();
});
beforeEach(async () => {
  await srv.reset();
  sns.reset();
  sns.respond = snsResponder();
});

const advance = (seconds) => ev.advance(srv, seconds);

/** Asserts a request passed every SNS check; returns the check. */
function assertPublish(req, topicArn) {
  const check = req.check;
  assert.deepEqual(check.problems, [], JSON.stringify(req.headers));
  assert.equal(check.signatureMatches, true, 'the signature recomputed here matches');
  assert.equal(check.accessKey, ACCESS_KEY);
  assert.equal(check.region, topicArn.split(':')[3], 'signed for the topic region');
  assert.equal(check.topicArn, topicArn);
  assert.equal(req.headers.host, `127.0.0.1:${sns.port}`);
  return check;
}

describe('SNS Publish', () => {
  test('an event to a topic in another region is a correctly signed Publish whose Message is the envelope', async () => {
    await ev.setDestination(client, TOPIC_EU);
    const t0 = await ev.clockMs(srv);
    // Characters that need encoding: space, reserved, non-ASCII.
    const text = 'olá & adiós = 100% + más? ¡sí! (ok) *’ 👍';
    const { wamid } = await ev.inbound(srv, FRIEND, { type: 'text', text: { body: text } });
    await advance(0);
    assert.equal(sns.requests.length, 1);
    const [req] = sns.requests;
    const check = assertPublish(req, TOPIC_EU);
    assert.equal(check.region, 'eu-west-1');
    assert.ok(!req.text.includes('+'), 'no + in the form body (spaces are %20)');
    assert.ok(req.text.includes('%20'));

    const envelope = JSON.parse(check.message);
    assertEnvelope(envelope);
    assert.equal(envelope.message_timestamp, stamp(t0));
    const value = valueOf(envelope);
    assert.equal(value.messages[0].id, wamid);
    assert.equal(value.messages[0].text.body, text, 'the text survives the encoding');

    const inspected = await ev.eventOf(srv, wamid);
    assert.equal(inspected.deliveryState, 'delivered');
    assert.deepEqual(inspected.envelope, envelope);
    assert.equal(inspected.destination, TOPIC_EU);
    assert.equal(inspected.deliveries.length, 1);
    const [d] = inspected.deliveries;
    assert.equal(d.delivered, true);
    assert.equal(d.httpStatus, 200);
    assert.equal(d.target, `sns ${TOPIC_EU}`);
    assert.match(d.detail, new RegExp(req.publishedMessageId));
  });

  test('statuses of a text go to a us-east-1 topic signed for us-east-1, in order', async () => {
    await ev.setDestination(client, TOPIC_US);
    await ev.inbound(srv);
    await advance(0);
    const out = await client.send(new Send(sendInput(textMessage('hello', `+${FRIEND}`))));
    await advance(2);
    assert.equal(sns.requests.length, 4);
    const statuses = sns.requests.slice(1).map((req) => {
      const check = assertPublish(req, TOPIC_US);
      assert.equal(check.region, 'us-east-1');
      const s = valueOf(JSON.parse(check.message)).statuses[0];
      return [s.id, s.status];
    });
    assert.deepEqual(statuses, [
      [out.messageId, 'sent'],
      [out.messageId, 'delivered'],
      [out.messageId, 'read'],
    ]);
  });

  test('Throttling (HTTP 400) is retried after the backoff and then delivered', async () => {
    await ev.setDestination(client, TOPIC_EU);
    sns.respond = snsResponder({
      override: (req, index) => (index === 0 ? snsError(400, 'Throttling', 'Rate exceeded') : null),
    });
    const { wamid } = await ev.inbound(srv);
    await advance(0);
    assert.equal(sns.requests.length, 1);
    let e = await ev.eventOf(srv, wamid);
    assert.equal(e.deliveryState, 'retrying');
    assert.equal(e.deliveries[0].httpStatus, 400);
    assert.match(e.deliveries[0].detail, /Throttling/);
    await advance(BACKOFF_MS / 1000);
    assert.equal(sns.requests.length, 2);
    assertPublish(sns.requests[1], TOPIC_EU);
    e = await ev.eventOf(srv, wamid);
    assert.equal(e.deliveryState, 'delivered');
    assert.equal(e.attempts, 2);
  });

  test('NotFound (a topic SNS does not have) is not retried: the event is dead', async () => {
    await ev.setDestination(client, TOPIC_EU);
    sns.respond = snsResponder({ override: () => snsError(404, 'NotFound', 'Topic does not exist') });
    const { wamid } = await ev.inbound(srv);
    await advance(60);
    assert.equal(sns.requests.length, 1);
    const e = await ev.eventOf(srv, wamid);
    assert.equal(e.deliveryState, 'dead');
    assert.match(e.lastError ?? '', /NotFound/);
  });
});

describe('SNS with a wrong secret', () => {
  let wrong;
  before(async () => {
    wrong = await startServer({
      args: [
        '--clock', 'manual',
        '--sns-endpoint', sns.url(''),
        '--sns-access-key', ACCESS_KEY,
        '--sns-secret-key', 'not-the-secret-sns-knows',
        '--delivery-backoff-ms', String(BACKOFF_MS),
      ],
    });
  });
  after(async () => {
    await wrong?.dispose();
  });

  test('SNS answers 403 SignatureDoesNotMatch and the event goes dead without retries', async () => {
    await ev.setDestination(wrong.client(), TOPIC_EU);
    const { wamid } = await ev.inbound(wrong);
    await ev.advance(wrong, 0);
    assert.equal(sns.requests.length, 1);
    const [req] = sns.requests;
    assert.equal(req.check.signatureMatches, false, 'signed with another secret');
    assert.deepEqual(req.check.problems, [], 'everything but the signature is right');
    assert.equal(req.check.region, 'eu-west-1');

    await ev.advance(wrong, 120);
    assert.equal(sns.requests.length, 1, 'SignatureDoesNotMatch is not retried');
    const e = await ev.eventOf(wrong, wamid);
    assert.equal(e.deliveryState, 'dead');
    assert.equal(e.attempts, 1);
    assert.equal(e.deliveries[0].httpStatus, 403);
    assert.equal(e.deliveries[0].delivered, false);
    assert.match(e.lastError ?? '', /SignatureDoesNotMatch/);
    assert.equal((await ev.listEvents(wrong, { state: 'dead' })).events.length, 1);
  });
});
