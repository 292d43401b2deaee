// SNS HTTP(S) delivery: a --webhook URL is subscribed to the destination's SNS topic as SNS
// does it. Every message is checked with sns-validator (an npm package, not our code), which
// fetches the SigningCertURL over https: the server runs behind an HTTPS front
// (helpers/tls_front.mjs) and --public-url names it. The manual clock makes each delivery
// happen when the test advances it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { SendWhatsAppMessageCommand as Send } from '@aws-sdk/client-socialmessaging';
import { sendInput, textMessage } from './helpers/messaging.mjs';
import { startServer, ownServerOnly } from './helpers/server.mjs';
import { startReceiver, valueOf } from './helpers/receiver.mjs';
import { httpsGet, startTlsFront } from './helpers/tls_front.mjs';
import * as ev from './helpers/events.mjs';
import { assertEnvelope } from './helpers/events.mjs';

const require = createRequire(import.meta.url);
const MessageValidator = require('sns-validator');

const DEST = 'arn:aws:sns:us-east-1:000000000000:wa-sns';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SNS_TIMESTAMP_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CERT_PATH_RE = /^\/_socialite\/sns\/SimpleNotificationService-[0-9a-f]{32}\.pem$/;
const skip = ownServerOnly('an HTTPS front and --public-url');

// Trusts certificates served by the front (localhost:PORT), as a team configures it for tests.
const validator = new MessageValidator(/^localhost:\d+$/);
const validate = (message) =>
  new Promise((resolve, reject) => validator.validate(message, (err, ok) => (err ? reject(err) : resolve(ok))));

/** The SNS messages the receiver got, parsed, with their headers. */
const snsMessages = (rx) => rx.requests.map((r) => ({ headers: r.headers, body: JSON.parse(r.text) }));

function assertSnsHeaders(headers, body, { subscriptionArn } = {}) {
  assert.equal(headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(headers['user-agent'], 'Amazon Simple Notification Service Agent');
  assert.equal(headers['x-amz-sns-message-type'], body.Type);
  assert.equal(headers['x-amz-sns-message-id'], body.MessageId);
  assert.equal(headers['x-amz-sns-topic-arn'], DEST);
  assert.equal(headers['x-amz-sns-subscription-arn'], subscriptionArn);
}

async function startSns(front, rx, extra = []) {
  const srv = await startServer({
    dbFile: true,
    args: ['--clock', 'manual', '--public-url', front.url(''), '--webhook', `${DEST}=${rx.url('/sns')}`, ...extra],
  });
  front.target = srv.endpoint;
  await ev.setDestination(srv.client(), DEST);
  return srv;
}

describe('SNS HTTP delivery with the handshake (SignatureVersion 1)', { skip }, () => {
  let front;
  let rx;
  let srv;
  let confirmation;
  let subscriptionArn;
  before(async () => {
    front = await startTlsFront();
    rx = await startReceiver();
    srv = await startSns(front, rx);
  });
  after(async () => {
    await srv?.dispose();
    await rx?.close();
    await front?.close();
  });

  test('the first event sends a signed SubscriptionConfirmation; the event waits', async () => {
    const { wamid } = await ev.inbound(srv);
    await ev.advance(srv, 0);
    await rx.waitFor(1);
    await ev.advance(srv, 30); // re-checked meanwhile: nothing is sent until it is confirmed
    const got = snsMessages(rx);
    assert.equal(got.length, 1, JSON.stringify(got.map((m) => m.body.Type)));
    confirmation = got[0].body;
    assert.deepEqual(Object.keys(confirmation), [
      'Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp',
      'SignatureVersion', 'Signature', 'SigningCertURL',
    ]);
    assert.equal(confirmation.Type, 'SubscriptionConfirmation');
    assert.match(confirmation.MessageId, UUID_RE);
    assert.equal(confirmation.TopicArn, DEST);
    assert.match(confirmation.Token, /^[0-9a-f]{128}$/);
    assert.match(confirmation.Message, /^You have chosen to subscribe to the topic arn:aws:sns/);
    assert.match(confirmation.Timestamp, SNS_TIMESTAMP_RE);
    assert.equal(confirmation.SignatureVersion, '1');
    assert.match(new URL(confirmation.SigningCertURL).pathname, CERT_PATH_RE);
    const subscribe = new URL(confirmation.SubscribeURL);
    assert.equal(subscribe.origin, front.url('').replace(/\/$/, ''));
    assert.equal(subscribe.searchParams.get('Action'), 'ConfirmSubscription');
    assert.equal(subscribe.searchParams.get('TopicArn'), DEST);
    assert.equal(subscribe.searchParams.get('Token'), confirmation.Token);
    assertSnsHeaders(got[0].headers, confirmation, { subscriptionArn: undefined });
    await validate(confirmation);

    const event = await ev.eventOf(srv, wamid);
    assert.equal(event.deliveryState, 'retrying', JSON.stringify(event));
    assert.equal(event.attempts, 0);
    assert.match(event.lastError, /^waiting for SNS subscription confirmation/);
  });

  test('a tampered confirmation fails the validator', async () => {
    await assert.rejects(validate({ ...confirmation, Token: confirmation.Token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }), /signature is invalid/);
  });

  test('a wrong token is refused with SNS XML', async () => {
    const wrong = new URL(confirmation.SubscribeURL);
    wrong.searchParams.set('Token', 'f'.repeat(128));
    const res = await httpsGet(wrong.toString());
    assert.equal(res.status, 400);
    assert.match(res.text, /<Code>InvalidParameter<\/Code>/);
  });

  test('GET SubscribeURL confirms; the waiting event then arrives as a signed Notification', async () => {
    const res = await httpsGet(confirmation.SubscribeURL);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /xml/);
    const arn = /<ConfirmSubscriptionResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/">\s*<ConfirmSubscriptionResult>\s*<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(res.text);
    assert.ok(arn, res.text);
    subscriptionArn = arn[1];
    assert.match(subscriptionArn, new RegExp(`^${DEST}:[0-9a-f-]{36}$`));

    rx.reset();
    await ev.advance(srv, 0);
    await rx.waitFor(1);
    const [{ headers, body }] = snsMessages(rx);
    assert.deepEqual(Object.keys(body), [
      'Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature',
      'SigningCertURL', 'UnsubscribeURL',
    ]);
    assert.equal(body.Type, 'Notification');
    assert.equal(body.TopicArn, DEST);
    assert.match(body.MessageId, UUID_RE);
    assert.match(body.Timestamp, SNS_TIMESTAMP_RE);
    assert.equal(body.SignatureVersion, '1');
    assertSnsHeaders(headers, body, { subscriptionArn });
    await validate(body);
    const envelope = JSON.parse(body.Message);
    assertEnvelope(envelope);
    assert.equal(valueOf(envelope).messages[0].text.body, 'hi');
    // The notification's time is the event's.
    assert.equal(body.Timestamp, new Date(Date.parse(envelope.message_timestamp.replace(/\d{6}Z$/, 'Z'))).toISOString());
    const unsubscribe = new URL(body.UnsubscribeURL);
    assert.equal(unsubscribe.searchParams.get('Action'), 'Unsubscribe');
    assert.equal(unsubscribe.searchParams.get('SubscriptionArn'), subscriptionArn);

    const { events } = await ev.listEvents(srv);
    assert.deepEqual(events.map((e) => e.deliveryState), ['delivered']);
  });

  test('a retried delivery carries the same MessageId', async () => {
    rx.reset();
    rx.failFirst(1, 500);
    await ev.inbound(srv, ev.FRIEND, { type: 'text', text: { body: 'again' } });
    await ev.advance(srv, 0);
    await ev.advance(srv, 5);
    await rx.waitFor(2);
    const [first, second] = snsMessages(rx);
    assert.equal(first.body.MessageId, second.body.MessageId);
    assert.equal(first.body.Message, second.body.Message);
    await validate(second.body);
  });

  test('signatures survive a restart: same key, same certificate URL', async () => {
    const before = snsMessages(rx).at(-1).body;
    const certBefore = await httpsGet(before.SigningCertURL);
    assert.equal(certBefore.status, 200);
    assert.match(certBefore.text, /^-----BEGIN CERTIFICATE-----/);
    await srv.restart();
    front.target = srv.endpoint;
    const certAfter = await httpsGet(before.SigningCertURL);
    assert.equal(certAfter.status, 200);
    assert.equal(certAfter.text, certBefore.text);

    rx.reset();
    await ev.inbound(srv, ev.FRIEND, { type: 'text', text: { body: 'after restart' } });
    await ev.advance(srv, 0);
    await rx.waitFor(1);
    const [{ body }] = snsMessages(rx);
    assert.equal(body.Type, 'Notification', 'the subscription stayed confirmed');
    assert.equal(body.SigningCertURL, before.SigningCertURL);
    await validate(body);
  });

  test('GET UnsubscribeURL stops delivery', async () => {
    const unsubscribeUrl = snsMessages(rx).at(-1).body.UnsubscribeURL;
    const res = await httpsGet(unsubscribeUrl);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<UnsubscribeResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/">/);
    rx.reset();
    const { wamid } = await ev.inbound(srv, ev.FRIEND, { type: 'text', text: { body: 'nobody hears' } });
    await ev.advance(srv, 0);
    await ev.advance(srv, 10);
    assert.equal(rx.requests.length, 0);
    const event = await ev.eventOf(srv, wamid);
    assert.equal(event.deliveryState, 'undeliverable');
    assert.match(event.lastError, /was unsubscribed/);
    const again = await httpsGet(unsubscribeUrl.replace(/[0-9a-f]{12}$/, '000000000000'));
    assert.equal(again.status, 404);
    assert.match(again.text, /<Code>NotFound<\/Code>/);
  });
});

describe('SNS HTTP delivery confirmed by configuration (SignatureVersion 2)', { skip }, () => {
  let front;
  let rx;
  let srv;
  before(async () => {
    front = await startTlsFront();
    rx = await startReceiver();
    srv = await startSns(front, rx, ['--sns-signature-version', '2', '--sns-auto-confirm']);
  });
  after(async () => {
    await srv?.dispose();
    await rx?.close();
    await front?.close();
  });

  test('no handshake: statuses arrive as SHA256withRSA-signed Notifications', async () => {
    await ev.inbound(srv);
    const sent = await srv.client().send(new Send(sendInput(textMessage('hello', `+${ev.FRIEND}`))));
    await ev.advance(srv, 5);
    await rx.waitFor(4); // inbound, sent, delivered, read
    const got = snsMessages(rx);
    assert.deepEqual(got.map((m) => m.body.Type), ['Notification', 'Notification', 'Notification', 'Notification']);
    for (const { headers, body } of got) {
      assert.equal(body.SignatureVersion, '2');
      assert.equal(headers['x-amz-sns-message-type'], 'Notification');
      await validate(body);
    }
    const statuses = got.slice(1).map((m) => valueOf(JSON.parse(m.body.Message)).statuses[0]);
    assert.deepEqual(statuses.map((s) => s.status), ['sent', 'delivered', 'read']);
    assert.ok(statuses.every((s) => s.id === sent.messageId));
    assert.equal(new Set(got.map((m) => m.body.MessageId)).size, 4, 'one MessageId per event');
  });

  test('a version-2 signature checked as version 1 fails', async () => {
    const body = snsMessages(rx)[0].body;
    await assert.rejects(validate({ ...body, SignatureVersion: '1' }), /signature is invalid/);
  });
});
