// Constants from fixtures/default.json and small helpers shared by the contract tests.
import assert from 'node:assert/strict';
import { AssociateWhatsAppBusinessAccountCommand } from '@aws-sdk/client-socialmessaging';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ARN_PREFIX = `arn:aws:social-messaging:${REGION}:${ACCOUNT}`;

// The WABA already linked by the default fixtures (the Demo Store).
export const FIXTURE_WABA_HEX = '5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
export const FIXTURE_WABA_ID = `waba-${FIXTURE_WABA_HEX}`;
export const FIXTURE_WABA_ARN = `${ARN_PREFIX}:waba/${FIXTURE_WABA_HEX}`;
export const FIXTURE_PHONE_HEX = '7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11';
export const FIXTURE_PHONE_ID = `phone-number-id-${FIXTURE_PHONE_HEX}`;
export const FIXTURE_PHONE_ARN = `${ARN_PREFIX}:phone-number-id/${FIXTURE_PHONE_HEX}`;
export const FIXTURE_PHONE2_HEX = '7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12';
export const FIXTURE_PHONE2_ID = `phone-number-id-${FIXTURE_PHONE2_HEX}`;
export const FIXTURE_PHONE2_ARN = `${ARN_PREFIX}:phone-number-id/${FIXTURE_PHONE2_HEX}`;

export const ZERO_WABA_ID = `waba-${'0'.repeat(32)}`;
export const ZERO_WABA_ARN = `${ARN_PREFIX}:waba/${'0'.repeat(32)}`;
export const ZERO_PHONE_ID = `phone-number-id-${'0'.repeat(32)}`;

export const TOKENS = {
  demoStore: 'EAAsocialiteDemoStoreToken',
  bakery: 'EAAsocialiteBakeryToken',
  travel: 'EAAsocialiteTravelToken',
};

// The Demo Store's numbers as the linked fixture WABA reports them (summary shape).
export const FIXTURE_PHONES = [
  {
    arn: FIXTURE_PHONE_ARN,
    phoneNumber: '+14255550123',
    phoneNumberId: FIXTURE_PHONE_ID,
    metaPhoneNumberId: '110382746591034',
    displayPhoneNumberName: 'Demo Store',
    displayPhoneNumber: '+1 425-555-0123',
    qualityRating: 'GREEN',
  },
  {
    arn: FIXTURE_PHONE2_ARN,
    phoneNumber: '+14255550124',
    phoneNumberId: FIXTURE_PHONE2_ID,
    metaPhoneNumberId: '110382746591035',
    displayPhoneNumberName: 'Demo Store Support',
    displayPhoneNumber: '+1 425-555-0124',
    qualityRating: 'GREEN',
  },
];

// The Corner Bakery's numbers as a signup offers them (detail shape, minus the aws-side ids).
export const BAKERY_PHONES = [
  {
    phoneNumber: '+442071838750',
    metaPhoneNumberId: '110382746592201',
    displayPhoneNumberName: 'Corner Bakery',
    displayPhoneNumber: '+44 20 7183 8750',
    qualityRating: 'GREEN',
  },
  {
    phoneNumber: '+442071838751',
    metaPhoneNumberId: '110382746592202',
    displayPhoneNumberName: 'Corner Bakery Orders',
    displayPhoneNumber: '+44 20 7183 8751',
    qualityRating: 'YELLOW',
  },
];

export const WABA_ID_RE = /^waba-[0-9a-f]{32}$/;
export const PHONE_ID_RE = /^phone-number-id-[0-9a-f]{32}$/;
export const META_ID_RE = /^[0-9]{15,16}$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ARN of a waba-<hex> id in an account/region. */
export function wabaArn(id, { account = ACCOUNT, region = REGION } = {}) {
  return `arn:aws:social-messaging:${region}:${account}:waba/${id.replace(/^waba-/, '')}`;
}

/** ARN of a phone-number-id-<hex> id in an account/region. */
export function phoneArn(id, { account = ACCOUNT, region = REGION } = {}) {
  return `arn:aws:social-messaging:${region}:${account}:phone-number-id/${id.replace(/^phone-number-id-/, '')}`;
}

/** Asserts that `promise` rejects with the SDK exception `name` and HTTP `status`; returns the error. */
export async function expectError(promise, name, status, messageRe) {
  let caught;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  const detail = `${caught.name} ${caught.$metadata?.httpStatusCode}: ${caught.message}`;
  assert.equal(caught.name, name, `expected ${name}, got ${detail}`);
  assert.equal(caught.$metadata?.httpStatusCode, status, `expected HTTP ${status}, got ${detail}`);
  if (messageRe) assert.match(caught.message, messageRe);
  return caught;
}

/** Signup step 1; returns {token, metaWabaId, account: the one linkedAccountsWithIncompleteSetup entry}. */
export async function signup(client, accessToken) {
  const out = await client.send(new AssociateWhatsAppBusinessAccountCommand({ signupCallback: { accessToken } }));
  assert.equal(out.statusCode, 200);
  const token = out.signupCallbackResult?.associateInProgressToken;
  assert.equal(typeof token, 'string');
  const entries = Object.entries(out.signupCallbackResult?.linkedAccountsWithIncompleteSetup ?? {});
  assert.equal(entries.length, 1, `one account per signup, got ${JSON.stringify(entries)}`);
  const [metaWabaId, account] = entries[0];
  return { token, metaWabaId, account, output: out };
}

/** The offered phone number with this metaPhoneNumberId. */
export function offered(account, metaPhoneNumberId) {
  const found = account.unregisteredWhatsAppPhoneNumbers.find((p) => p.metaPhoneNumberId === metaPhoneNumberId);
  assert.ok(found, `signup does not offer ${metaPhoneNumberId}: ${JSON.stringify(account)}`);
  return found;
}

/** Signup step 2 request (setupFinalization) for a new WABA. */
export function finalizeInput(token, wabaId, phoneIds, { wabaTags, phoneTags, eventDestinations } = {}) {
  return {
    setupFinalization: {
      associateInProgressToken: token,
      phoneNumbers: phoneIds.map((id) => ({ id, twoFactorPin: '123456', ...(phoneTags ? { tags: phoneTags } : {}) })),
      waba: {
        id: wabaId,
        ...(eventDestinations ? { eventDestinations } : {}),
        ...(wabaTags ? { tags: wabaTags } : {}),
      },
    },
  };
}

/**
 * Signs up `accessToken` and links it with all offered numbers (or those whose
 * metaPhoneNumberIds are given). Returns {wabaId, metaWabaId, phones: offered details}.
 */
export async function link(client, accessToken, { metaPhoneNumberIds, ...extra } = {}) {
  const { token, metaWabaId, account } = await signup(client, accessToken);
  const phones = metaPhoneNumberIds
    ? metaPhoneNumberIds.map((m) => offered(account, m))
    : account.unregisteredWhatsAppPhoneNumbers;
  const out = await client.send(
    new AssociateWhatsAppBusinessAccountCommand(
      finalizeInput(
        token,
        account.wabaId,
        phones.map((p) => p.phoneNumberId),
        extra,
      ),
    ),
  );
  assert.equal(out.statusCode, 200);
  assert.equal(out.linkedWhatsAppBusinessAccountId, account.wabaId);
  return { wabaId: account.wabaId, metaWabaId, phones };
}

/** Sort objects by a key, for order-insensitive comparisons. */
export function sortBy(list, key) {
  return [...list].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
}
