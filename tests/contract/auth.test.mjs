// Strict SigV4 (--auth verify): the real SDK's signatures verify for every HTTP method, the
// 12-digit access key selects its account's partition, and AWS's authentication errors come
// back for a wrong secret, an unknown key, no signature, a stale clock and a malformed header.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  DisassociateWhatsAppBusinessAccountCommand as Disassociate,
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  ListLinkedWhatsAppBusinessAccountsCommand as ListWabas,
  ListTagsForResourceCommand as ListTags,
  PutWhatsAppBusinessAccountEventDestinationsCommand as PutDestinations,
  TagResourceCommand as Tag,
  UntagResourceCommand as Untag,
} from '@aws-sdk/client-socialmessaging';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer } from './helpers/server.mjs';
import {
  FIXTURE_WABA_ARN,
  FIXTURE_WABA_ID,
  TOKENS,
  expectError,
  link,
  sortBy,
  wabaArn,
} from './helpers/common.mjs';

const KEY = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secretkey123' };
const ACCOUNT_KEY = { accessKeyId: '111122223333', secretAccessKey: 'othersecret' };
const MISMATCH =
  /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\./;

let srv;
let client;
before(async () => {
  srv = await startServer({
    args: ['--auth', 'verify', '--credentials', `${KEY.accessKeyId}:${KEY.secretAccessKey},${ACCOUNT_KEY.accessKeyId}:${ACCOUNT_KEY.secretAccessKey}`],
  });
  client = srv.client({ credentials: KEY });
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset(); // the admin API is not signed
});

/** Adds a middleware that edits the request before the SDK signs it. */
function beforeSigning(c, edit) {
  c.middlewareStack.add((next) => async (args) => {
    edit(args.request);
    return next(args);
  }, { step: 'build', name: 'socialiteTestEdit' });
  return c;
}

/** Adds a middleware that edits the request after the SDK signed it (deserialize is innermost). */
function afterSigning(c, edit) {
  c.middlewareStack.add((next) => async (args) => {
    edit(args.request);
    return next(args);
  }, { step: 'deserialize', name: 'socialiteTestTamper' });
  return c;
}

// A presigned GET of ListLinkedWhatsAppBusinessAccounts, signed by ACCOUNT_KEY for eu-west-1.
async function presignList(srv) {
  const endpoint = new URL(srv.endpoint);
  const signer = new SignatureV4({
    credentials: ACCOUNT_KEY, region: 'eu-west-1', service: 'social-messaging', sha256: Sha256,
  });
  return signer.presign({
    method: 'GET', protocol: endpoint.protocol, hostname: endpoint.hostname,
    port: Number(endpoint.port), path: '/v1/whatsapp/waba/list', query: {},
    headers: { host: endpoint.host },
  }, { expiresIn: 300 });
}

describe('correctly signed SDK requests are served', () => {
  test('GET without and with a percent-encoded ARN in the query', async () => {
    const list = await client.send(new ListWabas({}));
    assert.equal(list.$metadata.httpStatusCode, 200);
    assert.deepEqual(list.linkedAccounts.map((a) => a.id), [FIXTURE_WABA_ID]);

    // The SDK sends ?id=arn%3Aaws%3Asocial-messaging%3A…%3Awaba%2F…
    const got = await client.send(new GetWaba({ id: FIXTURE_WABA_ARN }));
    assert.equal(got.account.id, FIXTURE_WABA_ID);
  });

  test('POST with a JSON body (TagResource, UntagResource)', async () => {
    const tagged = await client.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'team', value: 'a b+c/d=é' }] }));
    assert.equal(tagged.statusCode, 200);
    const tags = (await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }))).tags;
    assert.deepEqual(sortBy(tags, 'key'), [
      { key: 'env', value: 'local' },
      { key: 'team', value: 'a b+c/d=é' },
    ]);
    const untagged = await client.send(new Untag({ resourceArn: FIXTURE_WABA_ARN, tagKeys: ['team'] }));
    assert.equal(untagged.statusCode, 200);
  });

  test('PUT (PutWhatsAppBusinessAccountEventDestinations)', async () => {
    const destination = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';
    const out = await client.send(
      new PutDestinations({ id: FIXTURE_WABA_ARN, eventDestinations: [{ eventDestinationArn: destination }] }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    const got = await client.send(new GetWaba({ id: FIXTURE_WABA_ID }));
    assert.deepEqual(got.account.eventDestinations, [{ eventDestinationArn: destination }]);
  });

  test('the 12-digit access key signs into its own account: sign up, then DELETE', async () => {
    const other = srv.client({ credentials: ACCOUNT_KEY });
    assert.deepEqual((await other.send(new ListWabas({}))).linkedAccounts ?? [], []);
    const { wabaId } = await link(other, TOKENS.bakery);
    const arn = wabaArn(wabaId, { account: ACCOUNT_KEY.accessKeyId });
    assert.equal((await other.send(new GetWaba({ id: arn }))).account.arn, arn);
    // The default account (AKIDTEST is not 12 digits) does not see it.
    await expectError(client.send(new GetWaba({ id: wabaId })), 'ResourceNotFoundException', 404);

    const out = await other.send(new Disassociate({ id: arn }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await expectError(other.send(new GetWaba({ id: wabaId })), 'ResourceNotFoundException', 404);
  });

  test('another region in the credential scope is accepted (and partitioned)', async () => {
    const west = srv.client({ credentials: KEY, region: 'eu-west-1' });
    assert.deepEqual((await west.send(new ListWabas({}))).linkedAccounts ?? [], []);
  });

  test('a presigned GET (signature in the query) verifies, and its credential picks the partition', async () => {
    const west = srv.client({ credentials: ACCOUNT_KEY, region: 'eu-west-1' });
    const { wabaId } = await link(west, TOKENS.bakery);
    const presigned = await presignList(srv);
    assert.equal(presigned.headers.authorization, undefined);
    const res = await fetch(`${srv.endpoint}${presigned.path}?${new URLSearchParams(presigned.query)}`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.linkedAccounts.map((a) => a.id), [wabaId]);
    assert.equal(body.linkedAccounts[0].arn, wabaArn(wabaId, { account: ACCOUNT_KEY.accessKeyId, region: 'eu-west-1' }));
  });

  test('credential text injected into another parameter does not move the call to another account', async () => {
    // The fixture WABA lives in account 000000000000; the signer (111122223333) has none.
    const injected = 'X=Credential=000000000000/20261206/us-east-1/social-messaging/aws4_request, ';
    const inside = afterSigning(srv.client({ credentials: ACCOUNT_KEY }), (request) => {
      request.headers.authorization = request.headers.authorization.replace(' ', ` ${injected}`);
    });
    const list = await inside.send(new ListWabas({}));
    assert.equal(list.$metadata.httpStatusCode, 200);
    assert.deepEqual(list.linkedAccounts ?? [], []);
    await expectError(inside.send(new GetWaba({ id: FIXTURE_WABA_ID })), 'ResourceNotFoundException', 404);

    // Before the algorithm, the header is no longer a SigV4 header at all.
    const before = afterSigning(srv.client({ credentials: ACCOUNT_KEY }), (request) => {
      request.headers.authorization = injected + request.headers.authorization;
    });
    await expectError(before.send(new ListWabas({})), 'IncompleteSignature', 403);
  });

  test('a presigned credential sent as X-Amz-%43redential picks the signer\'s partition', async () => {
    const west = srv.client({ credentials: ACCOUNT_KEY, region: 'eu-west-1' });
    const { wabaId } = await link(west, TOKENS.bakery);
    const presigned = await presignList(srv);
    const query = `${new URLSearchParams(presigned.query)}`.replace('X-Amz-Credential=', 'X-Amz-%43redential=');
    assert.match(query, /X-Amz-%43redential=111122223333/);
    const res = await fetch(`${srv.endpoint}${presigned.path}?${query}`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.linkedAccounts.map((a) => a.id), [wabaId]);
  });

  test('unsigned extra headers do not matter', async () => {
    const c = afterSigning(srv.client({ credentials: KEY }), (request) => {
      request.headers['x-forwarded-for'] = '10.0.0.1';
    });
    assert.equal((await c.send(new ListWabas({}))).$metadata.httpStatusCode, 200);
  });

  test('query names and values with spaces, + and / are canonicalized as the SDK signs them', async () => {
    const c = beforeSigning(srv.client({ credentials: KEY }), (request) => {
      request.query = { ...request.query, 'odd key': 'a+b c/d=é', empty: '', z: ['2', '1'] };
    });
    let sent;
    afterSigning(c, (request) => {
      sent = request.query;
    });
    assert.equal((await c.send(new ListWabas({}))).$metadata.httpStatusCode, 200);
    assert.equal(sent['odd key'], 'a+b c/d=é');
  });

  test('the path is verified double-encoded, as the SDK signs it', async () => {
    // The SDK sends /v1/odd%20path%3Ax and signs /v1/odd%2520path%253Ax. A verified signature
    // gets past authentication to routing, which knows no such operation.
    const c = beforeSigning(srv.client({ credentials: KEY }), (request) => {
      request.path = '/v1/odd%20path%3Ax';
    });
    await expectError(c.send(new ListWabas({})), 'UnknownOperationException', 404);
  });
});

describe('authentication errors', () => {
  test('a wrong secret is InvalidSignatureException 403', async () => {
    const c = srv.client({ credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: 'wrong' } });
    const err = await expectError(c.send(new ListWabas({})), 'InvalidSignatureException', 403, MISMATCH);
    assert.match(err.message, /The Canonical String for this request should have been\n'GET\n\/v1\/whatsapp\/waba\/list\n/);
  });

  test('another key\'s secret is InvalidSignatureException 403', async () => {
    const c = srv.client({ credentials: { accessKeyId: ACCOUNT_KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey } });
    await expectError(c.send(new GetWaba({ id: FIXTURE_WABA_ARN })), 'InvalidSignatureException', 403, MISMATCH);
  });

  test('an unknown access key is UnrecognizedClientException 403', async () => {
    const c = srv.client({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
    await expectError(
      c.send(new ListWabas({})),
      'UnrecognizedClientException',
      403,
      /^The security token included in the request is invalid\.$/,
    );
  });

  test('a tampered body is InvalidSignatureException 403', async () => {
    const c = afterSigning(srv.client({ credentials: KEY }), (request) => {
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      request.body = body.replace('"v"', '"w"');
    });
    await expectError(
      c.send(new Tag({ resourceArn: FIXTURE_WABA_ARN, tags: [{ key: 'k', value: 'v' }] })),
      'InvalidSignatureException',
      403,
      /x-amz-content-sha256/,
    );
  });

  test('an unsigned request is MissingAuthenticationTokenException 403', async () => {
    const res = await srv.raw('GET', '/v1/whatsapp/waba/list');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(res.json, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  test('a request signed 20 minutes ago is RequestExpired 400', async () => {
    // maxAttempts 1: the SDK would otherwise correct its clock from the response and retry.
    const c = srv.client({ credentials: KEY, systemClockOffset: -20 * 60 * 1000, maxAttempts: 1 });
    await expectError(
      c.send(new ListWabas({})),
      'RequestExpired',
      400,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  test('a request signed 20 minutes ahead is RequestExpired 400', async () => {
    const c = srv.client({ credentials: KEY, systemClockOffset: 20 * 60 * 1000, maxAttempts: 1 });
    await expectError(c.send(new ListWabas({})), 'RequestExpired', 400, /^Signature not yet current: /);
  });

  test('a malformed Authorization header is IncompleteSignature 403', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/social-messaging/aws4_request, SignedHeaders=host;x-amz-date';
    const res = await srv.raw('GET', '/v1/whatsapp/waba/list', {
      headers: { authorization, 'x-amz-date': '20260101T000000Z' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'IncompleteSignature');
    assert.equal(res.json.__type, 'IncompleteSignature');
    assert.equal(res.json.message, `Authorization header requires 'Signature' parameter. Authorization=${authorization}`);
  });

  test('a credential scoped to another service is IncompleteSignature 403', async () => {
    const c = afterSigning(srv.client({ credentials: KEY }), (request) => {
      request.headers.authorization = request.headers.authorization.replace('/social-messaging/', '/sns/');
    });
    const err = await expectError(c.send(new ListWabas({})), 'IncompleteSignature', 403);
    assert.equal(err.message, "Credential should be scoped to correct service: 'social-messaging'.");
  });

  test('GET /_socialite/health answers unsigned', async () => {
    const res = await srv.raw('GET', '/_socialite/health');
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'ready');
  });
});
