// AssociateWhatsAppBusinessAccount: signup (step 1) and setup finalization (step 2).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  AssociateWhatsAppBusinessAccountCommand as Associate,
  GetLinkedWhatsAppBusinessAccountCommand as GetWaba,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand as GetPhone,
  ListLinkedWhatsAppBusinessAccountsCommand as ListWabas,
  ListTagsForResourceCommand as ListTags,
} from '@aws-sdk/client-socialmessaging';
import { startServer } from './helpers/server.mjs';
import {
  ARN_PREFIX,
  BAKERY_PHONES,
  FIXTURE_PHONE_ID,
  META_ID_RE,
  PHONE_ID_RE,
  TOKENS,
  WABA_ID_RE,
  ZERO_PHONE_ID,
  expectError,
  finalizeInput,
  link,
  offered,
  phoneArn,
  signup,
  sortBy,
  wabaArn,
} from './helpers/common.mjs';

const SNS_ARN = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';

let srv;
let client;
before(async () => {
  srv = await startServer();
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
});
beforeEach(async () => {
  await srv.reset();
});

describe('signup callback (step 1)', () => {
  test('a known Meta token offers its business account and both numbers', async () => {
    const out = await client.send(new Associate({ signupCallback: { accessToken: TOKENS.bakery } }));
    assert.equal(out.statusCode, 200);
    const result = out.signupCallbackResult;
    assert.equal(typeof result.associateInProgressToken, 'string');
    assert.ok(result.associateInProgressToken.length > 0);
    assert.ok(result.associateInProgressToken.length <= 50, result.associateInProgressToken);

    assert.deepEqual(Object.keys(result.linkedAccountsWithIncompleteSetup), ['104729384756207']);
    const account = result.linkedAccountsWithIncompleteSetup['104729384756207'];
    assert.equal(account.accountName, 'Corner Bakery');
    assert.equal(account.registrationStatus, 'INCOMPLETE');
    assert.match(account.wabaId, WABA_ID_RE);

    const phones = sortBy(account.unregisteredWhatsAppPhoneNumbers, 'metaPhoneNumberId');
    assert.equal(phones.length, 2);
    for (const [i, phone] of phones.entries()) {
      assert.match(phone.phoneNumberId, PHONE_ID_RE);
      assert.equal(phone.arn, phoneArn(phone.phoneNumberId));
      const { arn, phoneNumberId, ...rest } = phone;
      assert.deepEqual(rest, BAKERY_PHONES[i]);
    }
    assert.notEqual(phones[0].phoneNumberId, phones[1].phoneNumberId);
  });

  test('an unknown token yields a synthesized account, stable per token', async () => {
    const first = await signup(client, 'my-test-token-1');
    assert.match(first.metaWabaId, META_ID_RE);
    assert.equal(first.account.registrationStatus, 'INCOMPLETE');
    assert.match(first.account.wabaId, WABA_ID_RE);
    assert.equal(typeof first.account.accountName, 'string');
    assert.equal(first.account.unregisteredWhatsAppPhoneNumbers.length, 1);
    const phone = first.account.unregisteredWhatsAppPhoneNumbers[0];
    assert.match(phone.phoneNumberId, PHONE_ID_RE);
    assert.match(phone.metaPhoneNumberId, META_ID_RE);
    assert.equal(phone.arn, phoneArn(phone.phoneNumberId));

    const again = await signup(client, 'my-test-token-1');
    assert.equal(again.metaWabaId, first.metaWabaId);
    assert.equal(again.account.unregisteredWhatsAppPhoneNumbers[0].metaPhoneNumberId, phone.metaPhoneNumberId);
    assert.notEqual(again.token, first.token, 'each signup has its own in-progress token');

    const other = await signup(client, 'my-test-token-2');
    assert.notEqual(other.metaWabaId, first.metaWabaId, 'different tokens, different accounts');
  });

  test('a synthesized account can be linked', async () => {
    const { wabaId, metaWabaId } = await link(client, 'my-test-token-3');
    const { account } = await client.send(new GetWaba({ id: wabaId }));
    assert.equal(account.wabaId, metaWabaId);
    assert.equal(account.registrationStatus, 'COMPLETE');
    assert.equal(account.phoneNumbers.length, 1);
  });

  test('an empty access token is rejected', async () => {
    await expectError(client.send(new Associate({ signupCallback: { accessToken: '' } })), 'InvalidParametersException', 400);
  });
});

describe('setup finalization (step 2)', () => {
  test('links the account with one number, its tags and event destination', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    const t0 = Date.now();
    const out = await client.send(
      new Associate({
        setupFinalization: {
          associateInProgressToken: token,
          phoneNumbers: [{ id: phone.phoneNumberId, twoFactorPin: '123456', tags: [{ key: 'team', value: 'a' }] }],
          waba: {
            id: account.wabaId,
            eventDestinations: [{ eventDestinationArn: SNS_ARN }],
            tags: [{ key: 'owner', value: 'me' }],
          },
        },
      }),
    );
    assert.equal(out.statusCode, 200);
    assert.equal(out.linkedWhatsAppBusinessAccountId, account.wabaId);

    const got = (await client.send(new GetWaba({ id: account.wabaId }))).account;
    assert.equal(got.id, account.wabaId);
    assert.equal(got.arn, wabaArn(account.wabaId));
    assert.ok(got.arn.startsWith(`${ARN_PREFIX}:waba/`));
    assert.equal(got.registrationStatus, 'COMPLETE');
    assert.ok(got.linkDate instanceof Date, `linkDate ${got.linkDate}`);
    assert.ok(Math.abs(got.linkDate.getTime() - t0) < 60_000, `linkDate ${got.linkDate.toISOString()} not near now`);
    assert.equal(got.wabaName, 'Corner Bakery');
    assert.equal(got.wabaId, '104729384756207');
    assert.deepEqual(got.eventDestinations, [{ eventDestinationArn: SNS_ARN }]);
    assert.deepEqual(got.phoneNumbers, [
      { arn: phone.arn, phoneNumberId: phone.phoneNumberId, ...BAKERY_PHONES[0] },
    ]);

    const wabaTags = await client.send(new ListTags({ resourceArn: got.arn }));
    assert.deepEqual(wabaTags.tags, [{ key: 'owner', value: 'me' }]);
    const phoneTags = await client.send(new ListTags({ resourceArn: phone.arn }));
    assert.deepEqual(phoneTags.tags, [{ key: 'team', value: 'a' }]);

    const detail = await client.send(new GetPhone({ id: phone.phoneNumberId }));
    assert.equal(detail.linkedWhatsAppBusinessAccountId, account.wabaId);
    assert.equal(detail.phoneNumber.metaPhoneNumberId, '110382746592201');

    // The number that was offered but not finalized is not linked.
    const other = offered(account, '110382746592202');
    await expectError(client.send(new GetPhone({ id: other.phoneNumberId })), 'ResourceNotFoundException', 404);

    const list = await client.send(new ListWabas({}));
    assert.deepEqual(
      list.linkedAccounts.map((a) => a.id).sort(),
      [account.wabaId, 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01'].sort(),
    );
  });

  test('a second signup adds the other number to the same WABA via phoneNumberParent', async () => {
    const { wabaId } = await link(client, TOKENS.bakery, { metaPhoneNumberIds: ['110382746592201'] });

    const second = await signup(client, TOKENS.bakery);
    assert.equal(second.metaWabaId, '104729384756207');
    const phone = offered(second.account, '110382746592202');
    const out = await client.send(
      new Associate({
        setupFinalization: {
          associateInProgressToken: second.token,
          phoneNumbers: [{ id: phone.phoneNumberId, twoFactorPin: '654321' }],
          phoneNumberParent: wabaId,
        },
      }),
    );
    assert.equal(out.statusCode, 200);

    const got = (await client.send(new GetWaba({ id: wabaId }))).account;
    assert.deepEqual(got.phoneNumbers.map((p) => p.metaPhoneNumberId).sort(), ['110382746592201', '110382746592202']);
    const detail = await client.send(new GetPhone({ id: phone.phoneNumberId }));
    assert.equal(detail.linkedWhatsAppBusinessAccountId, wabaId);
    const list = await client.send(new ListWabas({}));
    assert.equal(list.linkedAccounts.filter((a) => a.wabaId === '104729384756207').length, 1, 'still one Bakery WABA');
  });

  test('every linked Meta number can be read back by id and by ARN', async () => {
    const { wabaId, phones } = await link(client, TOKENS.bakery);
    assert.equal(phones.length, 2);
    for (const p of phones) {
      for (const id of [p.phoneNumberId, p.arn]) {
        const out = await client.send(new GetPhone({ id }));
        assert.equal(out.linkedWhatsAppBusinessAccountId, wabaId);
        assert.equal(out.phoneNumber.phoneNumberId, p.phoneNumberId);
      }
    }
  });
});

describe('setup finalization errors', () => {
  const bad = (input) => expectError(client.send(new Associate(input)), 'InvalidParametersException', 400);

  test('an unknown in-progress token', async () => {
    await bad(finalizeInput('no-such-token', `waba-${'1'.repeat(32)}`, [ZERO_PHONE_ID]));
  });

  test('a token that was already used', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    const input = finalizeInput(token, account.wabaId, [phone.phoneNumberId]);
    const out = await client.send(new Associate(input));
    assert.equal(out.statusCode, 200);
    await bad(input);
    const other = offered(account, '110382746592202');
    await bad(finalizeInput(token, account.wabaId, [other.phoneNumberId]));
  });

  test('a phone number the signup did not offer', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    await bad(finalizeInput(token, account.wabaId, [FIXTURE_PHONE_ID]));
    await bad(finalizeInput(token, account.wabaId, [ZERO_PHONE_ID]));
    // Nothing was linked by the failed calls.
    await expectError(client.send(new GetWaba({ id: account.wabaId })), 'ResourceNotFoundException', 404);
  });

  test('a waba id that is not the one offered', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    await bad(finalizeInput(token, `waba-${'1'.repeat(32)}`, [phone.phoneNumberId]));
  });

  for (const pin of ['12345', '12a456', '']) {
    test(`two-factor PIN ${JSON.stringify(pin)} is not six digits`, async () => {
      const { token, account } = await signup(client, TOKENS.bakery);
      const phone = offered(account, '110382746592201');
      const input = finalizeInput(token, account.wabaId, [phone.phoneNumberId]);
      input.setupFinalization.phoneNumbers[0].twoFactorPin = pin;
      // '' is below the modelled minimum length (1), so it is a ValidationException.
      const err = await expectError(
        client.send(new Associate(input)),
        pin === '' ? 'ValidationException' : 'InvalidParametersException',
        400,
      );
      if (pin) assert.ok(!err.message.includes(pin), `the PIN is echoed: ${err.message}`);
    });
  }

  test('both waba and phoneNumberParent', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    const input = finalizeInput(token, account.wabaId, [phone.phoneNumberId]);
    input.setupFinalization.phoneNumberParent = 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
    await bad(input);
  });

  test('neither waba nor phoneNumberParent', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    const input = finalizeInput(token, account.wabaId, [phone.phoneNumberId]);
    delete input.setupFinalization.waba;
    await bad(input);
  });

  test('phoneNumberParent that is not linked', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    const input = finalizeInput(token, account.wabaId, [phone.phoneNumberId]);
    delete input.setupFinalization.waba;
    input.setupFinalization.phoneNumberParent = `waba-${'0'.repeat(32)}`;
    await expectError(client.send(new Associate(input)), 'InvalidParametersException', 400);
  });

  test('both signupCallback and setupFinalization', async () => {
    const { token, account } = await signup(client, TOKENS.bakery);
    const phone = offered(account, '110382746592201');
    await bad({
      signupCallback: { accessToken: TOKENS.travel },
      ...finalizeInput(token, account.wabaId, [phone.phoneNumberId]),
    });
    // The rejected request did not consume the token.
    const out = await client.send(new Associate(finalizeInput(token, account.wabaId, [phone.phoneNumberId])));
    assert.equal(out.statusCode, 200);
  });

  test('neither signupCallback nor setupFinalization', async () => {
    await bad({});
  });

  test('a number already linked to another WABA', async () => {
    const first = await signup(client, TOKENS.bakery);
    const second = await signup(client, TOKENS.bakery);
    const p1 = offered(first.account, '110382746592201');
    const p2 = offered(second.account, '110382746592201');
    const out = await client.send(new Associate(finalizeInput(first.token, first.account.wabaId, [p1.phoneNumberId])));
    assert.equal(out.statusCode, 200);
    await bad(finalizeInput(second.token, second.account.wabaId, [p2.phoneNumberId]));
    const got = (await client.send(new GetWaba({ id: first.account.wabaId }))).account;
    assert.equal(got.phoneNumbers.length, 1);
  });
});

describe('setup finalization validation', () => {
  test('a 7-character PIN is a ValidationException that does not echo the PIN', async () => {
    const input = finalizeInput('some-token', `waba-${'1'.repeat(32)}`, [ZERO_PHONE_ID]);
    input.setupFinalization.phoneNumbers[0].twoFactorPin = '1234567';
    const err = await expectError(client.send(new Associate(input)), 'ValidationException', 400);
    assert.ok(err.message.startsWith('1 validation error detected: '), err.message);
    assert.ok(
      err.message.includes(
        "Value at 'setupFinalization.phoneNumbers.1.member.twoFactorPin' failed to satisfy constraint: " +
          'Member must have length less than or equal to 6',
      ),
      err.message,
    );
    assert.ok(!err.message.includes('1234567'), `the PIN is echoed: ${err.message}`);
    assert.ok(!err.message.includes('some-token'), `the sensitive token is echoed: ${err.message}`);
  });

  test('a malformed phoneNumberParent is a ValidationException', async () => {
    const input = finalizeInput('some-token', 'ignored', [ZERO_PHONE_ID]);
    delete input.setupFinalization.waba;
    input.setupFinalization.phoneNumberParent = 'nope';
    const err = await expectError(client.send(new Associate(input)), 'ValidationException', 400);
    assert.ok(err.message.includes("at 'setupFinalization.phoneNumberParent'"), err.message);
  });

  test('a missing phoneNumbers list is a ValidationException', async () => {
    const err = await expectError(
      client.send(new Associate({ setupFinalization: { associateInProgressToken: 't', waba: { id: 'x' } } })),
      'ValidationException',
      400,
    );
    assert.ok(
      err.message.includes(
        "Value null at 'setupFinalization.phoneNumbers' failed to satisfy constraint: Member must not be null",
      ),
      err.message,
    );
  });
});
