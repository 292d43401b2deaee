// State that must outlive a container, written and read with the JavaScript SDK (the one the
// contract tests install in tests/contract/node_modules):
//
//   node tests/docker/state.mjs write ENDPOINT VALUE   tags the fixture WABA docker-check=VALUE
//   node tests/docker/state.mjs read ENDPOINT VALUE    exits 0 when that tag is there, else 1
//   node tests/docker/state.mjs list ENDPOINT          exits 0 when the API lists the fixture WABA
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const here = path.dirname(fileURLToPath(import.meta.url));
// Resolved from tests/contract, where the pinned SDK is installed.
const require = createRequire(path.join(here, '..', 'contract', 'package.json'));
const {
  ListLinkedWhatsAppBusinessAccountsCommand,
  ListTagsForResourceCommand,
  SocialMessagingClient,
  TagResourceCommand,
} = require('@aws-sdk/client-socialmessaging');

const WABA_ARN = 'arn:aws:social-messaging:us-east-1:000000000000:waba/5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
const KEY = 'docker-check';

const [action, endpoint, value] = process.argv.slice(2);
if (!['write', 'read', 'list'].includes(action) || !endpoint || (action !== 'list' && !value)) {
  console.error('usage: state.mjs write|read ENDPOINT VALUE | list ENDPOINT');
  process.exit(2);
}
const client = new SocialMessagingClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

if (action === 'write') {
  await client.send(new TagResourceCommand({ resourceArn: WABA_ARN, tags: [{ key: KEY, value }] }));
  console.log(`state: tagged the fixture WABA ${KEY}=${value}`);
} else if (action === 'read') {
  const { tags = [] } = await client.send(new ListTagsForResourceCommand({ resourceArn: WABA_ARN }));
  const found = tags.find((t) => t.key === KEY)?.value;
  if (found !== value) {
    console.error(`state: the fixture WABA has ${KEY}=${found ?? '(none)'}, expected ${value}`);
    process.exit(1);
  }
  console.log(`state: the fixture WABA still has ${KEY}=${value}`);
} else {
  const { linkedAccounts = [] } = await client.send(new ListLinkedWhatsAppBusinessAccountsCommand({}));
  if (!linkedAccounts.some((a) => a.arn === WABA_ARN)) {
    console.error(`state: ListLinkedWhatsAppBusinessAccounts lacks ${WABA_ARN}`);
    process.exit(1);
  }
  console.log(`state: ListLinkedWhatsAppBusinessAccounts answers ${linkedAccounts.length} WABA(s)`);
}
