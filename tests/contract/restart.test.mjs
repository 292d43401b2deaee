// State survives a restart on the same db file; fixtures are not loaded twice.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, beforeEach, test } from 'node:test';
import {
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand as GetPhone,
  ListLinkedWhatsAppBusinessAccountsCommand as ListWabas,
  ListTagsForResourceCommand as ListTags,
  TagResourceCommand as Tag,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import { FIXTURE_WABA_ARN, FIXTURE_WABA_ID, TOKENS, link, sortBy } from './helpers/common.mjs';

const SNS = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';

let srv;
before(async () => {
  srv = await startServer({ dbFile: true });
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset();
});

/** Stop with SIGTERM (must exit 0), start again on the same file; returns a fresh client. */
async function restart() {
  const { code, signal } = await srv.stop();
  assert.equal(code, 0, `exit code ${code}, signal ${signal}; stderr:\n${srv.stderr}`);
  assert.ok(existsSync(srv.db), `db file ${srv.db} is missing`);
  await srv.start();
  return srv.client();
}

async function snapshot(client, wabaId, phoneArns) {
  const { account } = await client.send(new GetWaba({ id: wabaId }));
  const tags = {};
  for (const arn of [account.arn, ...phoneArns]) {
    tags[arn] = sortBy((await client.send(new ListTags({ resourceArn: arn }))).tags ?? [], 'key');
  }
  const phones = [];
  for (const arn of phoneArns) phones.push(await client.send(new GetPhone({ id: arn })));
  for (const p of phones) delete p.$metadata;
  return { account: { ...account, phoneNumbers: sortBy(account.phoneNumbers, 'phoneNumberId') }, tags, phones };
}

test('a linked, tagged account is read back after a restart; the fixture is there once', async () => {
  let client = srv.client();
  const { wabaId, phones } = await link(client, TOKENS.bakery, {
    wabaTags: [{ key: 'owner', value: 'me' }],
    phoneTags: [{ key: 'team', value: 'a' }],
    eventDestinations: [{ eventDestinationArn: SNS }],
  });
  const { account } = await client.send(new GetWaba({ id: wabaId }));
  await client.send(new Tag({ resourceArn: account.arn, tags: [{ key: 'stage', value: 'test' }] }));
  const phoneArns = phones.map((p) => p.arn).sort();
  const beforeRestart = await snapshot(client, wabaId, phoneArns);
  assert.equal(beforeRestart.account.phoneNumbers.length, 2);
  assert.deepEqual(beforeRestart.tags[account.arn], [
    { key: 'owner', value: 'me' },
    { key: 'stage', value: 'test' },
  ]);

  client = await restart();

  const afterRestart = await snapshot(client, wabaId, phoneArns);
  assert.deepEqual(afterRestart, beforeRestart);
  assert.equal(afterRestart.account.registrationStatus, 'COMPLETE');
  assert.deepEqual(afterRestart.account.eventDestinations, [{ eventDestinationArn: SNS }]);

  const list = (await client.send(new ListWabas({}))).linkedAccounts;
  assert.equal(list.length, 2, JSON.stringify(list));
  assert.equal(list.filter((a) => a.id === FIXTURE_WABA_ID).length, 1, 'fixture WABA once');
  assert.equal(list.filter((a) => a.wabaId === '104729384756102').length, 1, 'Demo Store once');
  const fixtureTags = (await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }))).tags;
  assert.deepEqual(fixtureTags, [{ key: 'env', value: 'local' }]);
  const fixture = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
  assert.equal(fixture.phoneNumbers.length, 2);
});

test('two restarts in a row keep exactly the fixture after a reset', async () => {
  let client = await restart();
  client = await restart();
  const list = (await client.send(new ListWabas({}))).linkedAccounts;
  assert.deepEqual(list.map((a) => a.id), [FIXTURE_WABA_ID]);
  const fixture = (await client.send(new GetWaba({ id: FIXTURE_WABA_ID }))).account;
  assert.equal(fixture.phoneNumbers.length, 2);
  assert.deepEqual((await client.send(new ListTags({ resourceArn: FIXTURE_WABA_ARN }))).tags, [
    { key: 'env', value: 'local' },
  ]);
});

test('reset on a file db clears what was linked, also after a restart', async () => {
  let client = srv.client();
  const { wabaId } = await link(client, TOKENS.travel);
  await srv.reset();
  client = await restart();
  const list = (await client.send(new ListWabas({}))).linkedAccounts;
  assert.deepEqual(list.map((a) => a.id), [FIXTURE_WABA_ID]);
  assert.ok(!list.some((a) => a.id === wabaId));
});
