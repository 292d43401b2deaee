// WhatsApp Flows through the pinned SDK: the 10 Flow operations, Meta's lifecycle and its
// errors, the preview page and the flow.json download Socialite serves, and the flows-webhook
// FLOW_STATUS_CHANGE events in the AWS envelope. The server runs on a manual clock (preview
// expiry) with a webhook receiver for the fixture WABA's destination.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateWhatsAppFlowCommand,
  DeleteWhatsAppFlowCommand,
  DeprecateWhatsAppFlowCommand,
  GetWhatsAppFlowCommand,
  GetWhatsAppFlowPreviewCommand,
  InvalidParametersException,
  ListWhatsAppFlowAssetsCommand,
  ListWhatsAppFlowsCommand,
  PublishWhatsAppFlowCommand,
  ResourceNotFoundException,
  UpdateWhatsAppFlowAssetsCommand,
  UpdateWhatsAppFlowCommand,
  ValidationException,
} from '@aws-sdk/client-socialmessaging';
import { FIXTURE_WABA_ARN, FIXTURE_WABA_ID, ZERO_WABA_ID } from './helpers/common.mjs';
import * as ev from './helpers/events.mjs';
import { META_WABA_ID } from './helpers/events.mjs';
import { fieldOf, startReceiver, valueOf } from './helpers/receiver.mjs';
import { REPO_ROOT, ownServerOnly, startServer } from './helpers/server.mjs';

const DEST = 'arn:aws:sns:us-east-1:000000000000:flow-events';
const DAY_S = 24 * 60 * 60;

// A 2-screen form: a name on the first screen, a confirmation that completes the flow.
const SAMPLE = {
  version: '7.3',
  screens: [
    {
      id: 'DETAILS',
      title: 'Your details',
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextHeading', text: 'Tell us about you' },
          { type: 'TextInput', name: 'full_name', label: 'Full name', required: true },
          {
            type: 'Footer',
            label: 'Next',
            'on-click-action': {
              name: 'navigate',
              next: { type: 'screen', name: 'CONFIRM' },
              payload: { full_name: '${form.full_name}' },
            },
          },
        ],
      },
    },
    {
      id: 'CONFIRM',
      title: 'Confirm <now>',
      terminal: true,
      data: { full_name: { type: 'string', __example__: 'Ana' } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextBody', text: 'Thanks <b>${data.full_name}</b> & welcome' },
          {
            type: 'Footer',
            label: 'Done',
            'on-click-action': { name: 'complete', payload: { full_name: '${data.full_name}' } },
          },
        ],
      },
    },
  ],
};
const SAMPLE_TEXT = JSON.stringify(SAMPLE, null, 2);
const bytes = (text) => new TextEncoder().encode(text);
const VALID = bytes(SAMPLE_TEXT);
// Parses but lacks the required "version".
const INVALID = bytes(JSON.stringify({ screens: SAMPLE.screens }));

let rx;
let srv;
let client;
let counter = 0;
before(async () => {
  rx = await startReceiver();
  srv = await startServer({ args: ['--clock', 'manual', '--webhook-raw', `${DEST}=${rx.url('/hook')}`] });
  client = srv.client();
});
after(async () => {
  await srv?.dispose();
  await rx?.close();
});
beforeEach(async () => {
  await srv.reset();
  rx.reset();
});

const send = (Command, input) => client.send(new Command(input));
const uniqueName = (prefix = 'Flow') => `${prefix} ${++counter}`;

async function create(extra = {}) {
  return send(CreateWhatsAppFlowCommand, {
    id: FIXTURE_WABA_ID,
    flowName: uniqueName(),
    categories: ['SIGN_UP'],
    ...extra,
  });
}

const get = (flowId, id = FIXTURE_WABA_ID) => send(GetWhatsAppFlowCommand, { id, flowId });

/** Asserts `promise` rejects with the SDK exception `Type` and a message matching `re`. */
async function rejects(promise, Type, re) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Type, `${e.name}: ${e.message}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

/** A signed-less raw API call (for the 2026-09 members the pinned SDK does not carry yet). */
async function rawApi(path, body) {
  return srv.raw('POST', path, { body });
}

describe('CreateWhatsAppFlow', () => {
  test('without JSON: a numeric flowId, DRAFT, no validation errors', async () => {
    const out = await create({ flowName: 'Sign up form', categories: ['SIGN_UP', 'SHOPPING'] });
    assert.match(out.flowId, /^[0-9]{15,16}$/);
    assert.deepEqual(out.validationErrors, []);
    const flow = await get(out.flowId);
    assert.equal(flow.flowId, out.flowId);
    assert.equal(flow.flowName, 'Sign up form');
    assert.equal(flow.flowStatus, 'DRAFT');
    assert.deepEqual(flow.categories, ['SIGN_UP', 'SHOPPING']);
    assert.deepEqual(flow.validationErrors, []);
    assert.equal(flow.jsonVersion, undefined);
    assert.equal(flow.whatsAppBusinessAccount.id, META_WABA_ID);
    assert.equal(typeof flow.whatsAppBusinessAccount.name, 'string');
    assert.equal(flow.healthStatus.canSendMessage, 'AVAILABLE');
    assert.deepEqual(
      flow.healthStatus.entities.map((e) => e.entityType),
      ['FLOW', 'WABA', 'APP'],
    );
    assert.equal(flow.healthStatus.entities[0].id, out.flowId);
    assert.equal(typeof flow.application.id, 'string');
    assert.match(flow.preview.previewUrl, /\/_socialite\/flows\/\d+\/preview\?token=/);
    assert.match(flow.preview.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  });

  test('the WABA may be named by its ARN', async () => {
    const out = await create({ id: FIXTURE_WABA_ARN });
    assert.equal((await get(out.flowId)).flowStatus, 'DRAFT');
  });

  test('publish with a valid JSON publishes at once', async () => {
    const out = await create({ flowJson: VALID, publish: true });
    assert.deepEqual(out.validationErrors, []);
    const flow = await get(out.flowId);
    assert.equal(flow.flowStatus, 'PUBLISHED');
    assert.equal(flow.jsonVersion, '7.3');
  });

  test('JSON with errors: the flow stays DRAFT, the errors come back as Meta JSON objects', async () => {
    const out = await create({ flowJson: INVALID, publish: true });
    assert.ok(out.validationErrors.length > 0);
    for (const text of out.validationErrors) {
      const error = JSON.parse(text);
      assert.equal(typeof error.error, 'string');
      assert.match(error.error_type, /^(FLOW_JSON_ERROR|JSON_SCHEMA_ERROR)$/);
      assert.equal(typeof error.message, 'string');
      assert.equal(typeof error.line_start, 'number');
    }
    const flow = await get(out.flowId);
    assert.equal(flow.flowStatus, 'DRAFT');
    assert.deepEqual(flow.validationErrors, out.validationErrors);
    await rejects(send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId: out.flowId }),
      InvalidParametersException, /#139002.*validation error/);
  });

  test('text that is not JSON is a validation error, not a failure', async () => {
    const out = await create({ flowJson: bytes('{"version": "7.3", ') });
    assert.ok(out.validationErrors.length >= 1);
    assert.match(JSON.parse(out.validationErrors[0]).error, /^[A-Z_]+$/);
    assert.equal((await get(out.flowId)).flowStatus, 'DRAFT');
  });

  test('a flow name is unique within the WABA (Meta error 100)', async () => {
    await create({ flowName: 'Booking' });
    await rejects(create({ flowName: 'Booking' }), InvalidParametersException, /#100.*not unique/);
  });

  test('cloneFlowId copies the source flow\'s JSON', async () => {
    const source = await create({ flowJson: VALID });
    const clone = await create({ cloneFlowId: source.flowId });
    assert.notEqual(clone.flowId, source.flowId);
    const flow = await get(clone.flowId);
    assert.equal(flow.jsonVersion, '7.3');
    const assets = await send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId: clone.flowId });
    const res = await fetch(assets.flowAssets[0].downloadUrl);
    assert.equal(await res.text(), SAMPLE_TEXT);
  });

  test('cloning a flow the WABA does not have is ResourceNotFound; JSON and clone together are refused', async () => {
    await rejects(create({ cloneFlowId: '123456789012345' }), ResourceNotFoundException, /123456789012345/);
    const source = await create({ flowJson: VALID });
    await rejects(create({ flowJson: VALID, cloneFlowId: source.flowId }), InvalidParametersException,
      /not both/);
  });

  test('an unknown WABA is ResourceNotFound', async () => {
    await rejects(create({ id: ZERO_WABA_ID }), ResourceNotFoundException, new RegExp(ZERO_WABA_ID));
  });

  test('constraints: categories, name length, cloneFlowId pattern, all violations at once', async () => {
    await rejects(create({ categories: [] }), ValidationException, /categories.*length greater than or equal to 1/);
    await rejects(create({ categories: ['NOPE'] }), ValidationException, /satisfy enum value set/);
    await rejects(create({ categories: Array(10).fill('OTHER') }), ValidationException, /less than or equal to 9/);
    await rejects(create({ flowName: 'x'.repeat(201) }), ValidationException, /flowName.*less than or equal to 200/);
    await rejects(
      create({ flowName: '', cloneFlowId: '12a' }),
      ValidationException,
      /^2 validation errors detected: .*flowName.*cloneFlowId.*\[0-9\]\+/,
    );
  });

  test('endpointUri (2026-09) is kept and shown by GetWhatsAppFlow', async () => {
    const res = await rawApi('/v1/whatsapp/flow/create', {
      id: FIXTURE_WABA_ID, flowName: 'Dynamic', categories: ['OTHER'], endpointUri: 'https://example.com/flow',
    });
    assert.equal(res.status, 200, res.text);
    const flow = await get(res.json.flowId);
    assert.equal(flow.endpointUri, 'https://example.com/flow');
    const bad = await rawApi('/v1/whatsapp/flow/create', {
      id: FIXTURE_WABA_ID, flowName: 'Dynamic 2', categories: ['OTHER'], endpointUri: 'ftp://x',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.__type, 'InvalidParametersException');
  });
});

describe('UpdateWhatsAppFlow and UpdateWhatsAppFlowAssets', () => {
  test('a DRAFT flow takes a new name and categories', async () => {
    const { flowId } = await create();
    await send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId, flowName: 'Renamed', categories: ['SURVEY'] });
    const flow = await get(flowId);
    assert.equal(flow.flowName, 'Renamed');
    assert.deepEqual(flow.categories, ['SURVEY']);
  });

  test('renaming onto another flow\'s name is Meta error 100', async () => {
    await create({ flowName: 'Taken' });
    const { flowId } = await create();
    await rejects(send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId, flowName: 'Taken' }),
      InvalidParametersException, /not unique/);
  });

  test('editing a PUBLISHED flow puts it back in DRAFT', async () => {
    const { flowId } = await create({ flowJson: VALID, publish: true });
    await send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId, categories: ['OTHER'] });
    assert.equal((await get(flowId)).flowStatus, 'DRAFT');
    await send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    const out = await send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, flowJson: INVALID });
    assert.ok(out.validationErrors.length > 0);
    const flow = await get(flowId);
    assert.equal(flow.flowStatus, 'DRAFT');
    assert.deepEqual(flow.validationErrors, out.validationErrors);
  });

  test('a clean upload clears the errors and makes the flow publishable', async () => {
    const { flowId } = await create({ flowJson: INVALID });
    const out = await send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, flowJson: VALID });
    assert.deepEqual(out.validationErrors, []);
    await send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    assert.equal((await get(flowId)).flowStatus, 'PUBLISHED');
  });

  test('a DEPRECATED flow cannot be updated (Meta error 139001)', async () => {
    const { flowId } = await create({ flowJson: VALID, publish: true });
    await send(DeprecateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    await rejects(send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId, flowName: 'New' }),
      InvalidParametersException, /#139001/);
    await rejects(send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, flowJson: VALID }),
      InvalidParametersException, /#139001/);
  });

  test('endpointUri and metaAppId (2026-09): endpoint only while DRAFT, the app shows as application', async () => {
    const { flowId } = await create({ flowJson: VALID });
    let res = await rawApi('/v1/whatsapp/flow/update', {
      id: FIXTURE_WABA_ID, flowId, endpointUri: 'https://example.com/data', metaAppId: '556677889900',
    });
    assert.equal(res.status, 200, res.text);
    let flow = await get(flowId);
    assert.equal(flow.endpointUri, 'https://example.com/data');
    assert.equal(flow.application.id, '556677889900');
    await send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    res = await rawApi('/v1/whatsapp/flow/update', { id: FIXTURE_WABA_ID, flowId, endpointUri: 'https://example.com/other' });
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'InvalidParametersException');
    assert.match(res.json.message, /#139001.*DRAFT/);
    flow = await get(flowId);
    assert.equal(flow.flowStatus, 'PUBLISHED');
  });

  test('unknown flow and constraint violations', async () => {
    await rejects(send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId: '999999999999999', flowName: 'x' }),
      ResourceNotFoundException, /999999999999999/);
    await rejects(send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId: '999999999999999', flowJson: VALID }),
      ResourceNotFoundException);
    await rejects(send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId: 'abc' }), ValidationException,
      /flowId.*regular expression pattern: \[0-9\]\+/);
    await rejects(send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId: '1' }), ValidationException,
      /Value null at 'flowJson' failed to satisfy constraint: Member must not be null/);
  });
});

describe('Publish, deprecate and delete', () => {
  const publish = (flowId) => send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
  const deprecate = (flowId) => send(DeprecateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
  const remove = (flowId) => send(DeleteWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });

  test('DRAFT -> PUBLISHED -> DEPRECATED, each wrong step with Meta\'s error', async () => {
    const { flowId } = await create({ flowJson: VALID });
    await rejects(deprecate(flowId), InvalidParametersException, /#139003.*unpublished/);
    await publish(flowId);
    assert.equal((await get(flowId)).flowStatus, 'PUBLISHED');
    await rejects(publish(flowId), InvalidParametersException, /#139002.*PUBLISHED/);
    await rejects(remove(flowId), InvalidParametersException, /#139004.*only DRAFT/);
    await deprecate(flowId);
    const flow = await get(flowId);
    assert.equal(flow.flowStatus, 'DEPRECATED');
    assert.equal(flow.healthStatus.canSendMessage, 'BLOCKED');
    await rejects(deprecate(flowId), InvalidParametersException, /#139003.*already deprecated/);
    await rejects(publish(flowId), InvalidParametersException, /#139002/);
    await rejects(remove(flowId), InvalidParametersException, /#139004/);
  });

  test('an endpoint flow (data_exchange) needs its endpointUri before it can be published', async () => {
    const sample = readFileSync(`${REPO_ROOT}/tests/server/whatsapp/flow_samples/endpoint_booking.json`);
    const { flowId, validationErrors } = await create({ flowJson: new Uint8Array(sample), publish: true });
    assert.deepEqual(validationErrors, []);
    let flow = await get(flowId);
    assert.equal(flow.flowStatus, 'DRAFT');
    assert.equal(flow.dataApiVersion, '3.0');
    await rejects(publish(flowId), InvalidParametersException, /#139002.*set endpointUri/);
    const res = await rawApi('/v1/whatsapp/flow/update', { id: FIXTURE_WABA_ID, flowId, endpointUri: 'https://example.com/booking' });
    assert.equal(res.status, 200, res.text);
    await publish(flowId);
    flow = await get(flowId);
    assert.equal(flow.flowStatus, 'PUBLISHED');
    assert.equal(flow.endpointUri, 'https://example.com/booking');
  });

  test('a flow without Flow JSON cannot be published', async () => {
    const { flowId } = await create();
    await rejects(publish(flowId), InvalidParametersException, /#139002.*no Flow JSON/);
  });

  test('a JSON version Meta no longer publishes is refused', async () => {
    const { flowId } = await create({ flowJson: bytes(JSON.stringify({ ...SAMPLE, version: '3.0' })) });
    await rejects(publish(flowId), InvalidParametersException, /#139002.*(version '3\.0'|validation error)/);
  });

  test('a DRAFT flow is deleted; afterwards it is not found', async () => {
    const { flowId } = await create();
    await remove(flowId);
    await rejects(get(flowId), ResourceNotFoundException, new RegExp(flowId));
    await rejects(remove(flowId), ResourceNotFoundException);
  });

  test('unknown WABA or flow is ResourceNotFound for each', async () => {
    for (const op of [publish, deprecate, remove]) {
      await rejects(op('111111111111111'), ResourceNotFoundException, /No flow 111111111111111/);
    }
    await rejects(send(PublishWhatsAppFlowCommand, { id: ZERO_WABA_ID, flowId: '1' }), ResourceNotFoundException);
    await rejects(send(DeleteWhatsAppFlowCommand, { id: 'nope', flowId: '1' }), ValidationException,
      /Value 'nope' at 'id' failed to satisfy constraint/);
  });
});

describe('GetWhatsAppFlow and ListWhatsAppFlows', () => {
  test('lists in creation order, paged, with flowCategories and validationErrors', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await create({ flowJson: i === 1 ? INVALID : VALID })).flowId);
    const first = await send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID, maxResults: 2 });
    assert.deepEqual(first.flows.map((f) => f.flowId), ids.slice(0, 2));
    assert.ok(first.nextToken);
    assert.deepEqual(first.flows[0].flowCategories, ['SIGN_UP']);
    assert.deepEqual(first.flows[0].validationErrors, []);
    assert.ok(first.flows[1].validationErrors.length > 0);
    assert.equal(first.flows[0].flowStatus, 'DRAFT');
    const second = await send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID, maxResults: 2, nextToken: first.nextToken });
    assert.deepEqual(second.flows.map((f) => f.flowId), ids.slice(2));
    assert.equal(second.nextToken, undefined);
    const all = await send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID });
    assert.equal(all.flows.length, 3);
  });

  test('an empty WABA lists nothing; bad tokens and limits are refused', async () => {
    assert.deepEqual((await send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID })).flows, []);
    await rejects(send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID, nextToken: 'forged' }),
      InvalidParametersException, /nextToken/);
    await rejects(send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID, maxResults: 101 }), ValidationException,
      /maxResults.*less than or equal to 100/);
    await rejects(send(ListWhatsAppFlowsCommand, { id: ZERO_WABA_ID }), ResourceNotFoundException);
  });

  test('GetWhatsAppFlow of an unknown flow or WABA is ResourceNotFound', async () => {
    await rejects(get('424242424242424'), ResourceNotFoundException, /No flow 424242424242424/);
    const { flowId } = await create();
    await rejects(get(flowId, ZERO_WABA_ID), ResourceNotFoundException);
  });
});

describe('Assets and preview links served by Socialite', () => {
  test('ListWhatsAppFlowAssets: flow.json with a download URL that returns the JSON', async () => {
    const { flowId } = await create();
    let assets = await send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId });
    assert.deepEqual(assets.flowAssets, []);
    await send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, flowJson: VALID });
    assets = await send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, maxResults: 1 });
    assert.equal(assets.flowAssets.length, 1);
    const [asset] = assets.flowAssets;
    assert.equal(asset.name, 'flow.json');
    assert.equal(asset.assetType, 'FLOW_JSON');
    assert.equal(assets.nextToken, undefined);
    let res = await fetch(asset.downloadUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.equal(await res.text(), SAMPLE_TEXT);

    // A new upload replaces the link.
    const other = JSON.stringify({ ...SAMPLE, version: '7.2' });
    await send(UpdateWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, flowJson: bytes(other) });
    const next = (await send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId })).flowAssets[0];
    assert.notEqual(next.downloadUrl, asset.downloadUrl);
    assert.equal(await (await fetch(next.downloadUrl)).text(), other);
    res = await fetch(asset.downloadUrl);
    assert.equal(res.status, 404);
    await rejects(send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId: '5' }), ResourceNotFoundException);
    await rejects(send(ListWhatsAppFlowAssetsCommand, { id: FIXTURE_WABA_ID, flowId, nextToken: 'bogus' }),
      InvalidParametersException);
  });

  test('GetWhatsAppFlowPreview: a page showing the screens, escaped; invalidate replaces the link', async () => {
    const { flowId } = await create({ flowJson: VALID });
    const first = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId });
    assert.equal(first.flowId, flowId);
    assert.match(first.preview.previewUrl, new RegExp(`/_socialite/flows/${flowId}/preview\\?token=`));
    const again = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId });
    assert.equal(again.preview.previewUrl, first.preview.previewUrl);
    assert.equal((await get(flowId)).preview.previewUrl, first.preview.previewUrl);

    let res = await fetch(first.preview.previewUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    const html = await res.text();
    assert.match(html, /<h2>Your details<\/h2>/);
    assert.match(html, /<h2>Confirm &lt;now&gt;<\/h2>/);
    assert.match(html, /Thanks &lt;b&gt;\$\{data\.full_name\}&lt;\/b&gt; &amp; welcome/);
    assert.match(html, /Full name/);
    assert.ok(!html.includes('<b>'), 'flow text is escaped');

    const fresh = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId, invalidate: true });
    assert.notEqual(fresh.preview.previewUrl, first.preview.previewUrl);
    res = await fetch(first.preview.previewUrl);
    assert.equal(res.status, 404);
    assert.equal((await fetch(fresh.preview.previewUrl)).status, 200);
  });

  test('a preview link expires after 30 days on the simulation clock; the next call issues a new one', async () => {
    const { flowId } = await create({ flowJson: VALID });
    const first = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId });
    const expires = Date.parse(first.preview.expiresAt.replace('+0000', 'Z'));
    const now = await ev.clockMs(srv);
    assert.ok(Math.abs(expires - (now + 30 * DAY_S * 1000)) < 2000, `${first.preview.expiresAt}`);
    await ev.advance(srv, 30 * DAY_S + 1);
    const res = await fetch(first.preview.previewUrl);
    assert.equal(res.status, 410);
    assert.equal((await get(flowId)).preview, undefined);
    const renewed = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId });
    assert.notEqual(renewed.preview.previewUrl, first.preview.previewUrl);
    assert.equal((await fetch(renewed.preview.previewUrl)).status, 200);
  });

  test('links with a wrong token or flow id answer 404', async () => {
    const { flowId } = await create({ flowJson: VALID });
    const { preview } = await send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId });
    const token = new URL(preview.previewUrl).searchParams.get('token');
    assert.equal((await srv.raw('GET', `/_socialite/flows/1${flowId}/preview?token=${token}`)).status, 404);
    assert.equal((await srv.raw('GET', `/_socialite/flows/${flowId}/preview?token=x${token}`)).status, 404);
    assert.equal((await srv.raw('GET', `/_socialite/flows/${flowId}/preview`)).status, 404);
    assert.equal((await srv.raw('GET', `/_socialite/flows/${flowId}/assets/flow.json?token=${token}`)).status, 404);
  });

  test('links use the Host the client reached the server at; a Host that is not a plain host:port is ignored', async () => {
    const { flowId } = await create({ flowJson: VALID });
    const previewUrlWithHost = (host) => new Promise((resolve, reject) => {
      const endpoint = new URL(srv.endpoint);
      const req = http.request({
        host: endpoint.hostname, port: endpoint.port, method: 'GET',
        path: `/v1/whatsapp/flow/preview?id=${FIXTURE_WABA_ID}&flowId=${flowId}`,
        headers: { host },
      }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve(JSON.parse(text).preview.previewUrl));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(await previewUrlWithHost('flows.example.test:8080'), /^http:\/\/flows\.example\.test:8080\/_socialite\/flows\//);
    const fallback = await previewUrlWithHost('evil.test/<x>');
    assert.ok(fallback.startsWith(`${srv.endpoint}/_socialite/flows/`), fallback);
  });

  test('unknown flow: ResourceNotFound', async () => {
    await rejects(send(GetWhatsAppFlowPreviewCommand, { id: FIXTURE_WABA_ID, flowId: '77' }), ResourceNotFoundException);
  });
});

describe('flows webhook events', () => {
  test('creation, publish and deprecation reach the destination as FLOW_STATUS_CHANGE', async () => {
    await ev.setDestination(client, DEST);
    const { flowId } = await create({ flowName: 'Webhook flow', flowJson: VALID });
    await send(PublishWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    await send(DeprecateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId });
    await ev.advance(srv, 0);
    await rx.waitFor(3, 5000);
    const hooks = rx.requests.filter((r) => r.url === '/hook');
    assert.equal(hooks.length, 3);
    for (const h of hooks) {
      assert.equal(fieldOf(h.body), 'flows');
      assert.equal(h.body.context.MetaWabaIds[0].wabaId, META_WABA_ID);
      assert.equal(h.body.context.MetaWabaIds[0].arn, FIXTURE_WABA_ARN);
      assert.deepEqual(h.body.context.MetaPhoneNumberIds, []);
    }
    assert.deepEqual(valueOf(hooks[0].body), {
      event: 'FLOW_STATUS_CHANGE',
      message: 'Flow Webhook flow has been created with DRAFT status',
      flow_id: flowId,
      new_status: 'DRAFT',
    });
    assert.deepEqual(valueOf(hooks[1].body), {
      event: 'FLOW_STATUS_CHANGE',
      message: 'Flow Webhook flow changed status from DRAFT to PUBLISHED',
      flow_id: flowId,
      old_status: 'DRAFT',
      new_status: 'PUBLISHED',
    });
    assert.equal(valueOf(hooks[2].body).old_status, 'PUBLISHED');
    assert.equal(valueOf(hooks[2].body).new_status, 'DEPRECATED');
    const listed = await ev.listEvents(srv, { kind: 'flow_status' });
    assert.equal(listed.events.length, 3);
  });
});

describe('health monitoring by hand', () => {
  async function endpointFlow() {
    const res = await rawApi('/v1/whatsapp/flow/create', {
      id: FIXTURE_WABA_ID, flowName: uniqueName('Endpoint'), categories: ['OTHER'],
      flowJson: Buffer.from(SAMPLE_TEXT).toString('base64'), publish: true,
      endpointUri: 'https://example.com/endpoint',
    });
    assert.equal(res.status, 200, res.text);
    return res.json.flowId;
  }
  const setHealth = (flowId, status, headers) =>
    srv.raw('POST', `/_socialite/flows/${flowId}/status`, { body: { status }, headers });

  test('PUBLISHED -> BLOCKED passes through THROTTLED, each step an event; the flow shows its health', async () => {
    await ev.setDestination(client, DEST);
    const flowId = await endpointFlow();
    let res = await setHealth(flowId, 'BLOCKED');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { flowId, status: 'BLOCKED' });
    let flow = await get(flowId);
    assert.equal(flow.flowStatus, 'BLOCKED');
    assert.equal(flow.healthStatus.canSendMessage, 'BLOCKED');
    await rejects(send(UpdateWhatsAppFlowCommand, { id: FIXTURE_WABA_ID, flowId, flowName: 'x' }),
      InvalidParametersException, /#139001/);
    res = await setHealth(flowId, 'PUBLISHED');
    assert.equal(res.status, 200, res.text);
    flow = await get(flowId);
    assert.equal(flow.flowStatus, 'PUBLISHED');
    await ev.advance(srv, 0);
    await rx.waitFor(6, 5000);
    const steps = rx.requests.map((r) => valueOf(r.body)).filter((v) => v.old_status)
      .map((v) => `${v.old_status}>${v.new_status}`);
    assert.deepEqual(steps, ['DRAFT>PUBLISHED', 'PUBLISHED>THROTTLED', 'THROTTLED>BLOCKED',
      'BLOCKED>THROTTLED', 'THROTTLED>PUBLISHED']);
  });

  test('only endpoint flows in a live status move; bad input is refused', async () => {
    const plain = await create({ flowJson: VALID, publish: true });
    assert.equal((await setHealth(plain.flowId, 'THROTTLED')).status, 409);
    const draft = await create();
    assert.equal((await setHealth(draft.flowId, 'THROTTLED')).status, 409);
    assert.equal((await setHealth(await endpointFlow(), 'DEPRECATED')).status, 400);
    assert.equal((await setHealth('42', 'THROTTLED')).status, 404);
  });

  test('with --admin-token the links work without it; the status endpoint needs it',
    { skip: ownServerOnly('--admin-token') }, async () => {
      const guarded = await startServer({ args: ['--admin-token', 'sekret'] });
      try {
        const c = guarded.client();
        const { flowId } = await c.send(new CreateWhatsAppFlowCommand({
          id: FIXTURE_WABA_ID, flowName: 'Guarded', categories: ['OTHER'], flowJson: VALID,
        }));
        const { preview } = await c.send(new GetWhatsAppFlowPreviewCommand({ id: FIXTURE_WABA_ID, flowId }));
        assert.equal((await fetch(preview.previewUrl)).status, 200);
        const { flowAssets } = await c.send(new ListWhatsAppFlowAssetsCommand({ id: FIXTURE_WABA_ID, flowId }));
        assert.equal((await fetch(flowAssets[0].downloadUrl)).status, 200);
        const refused = await guarded.raw('POST', `/_socialite/flows/${flowId}/status`, { body: { status: 'THROTTLED' } });
        assert.equal(refused.status, 401);
      } finally {
        await guarded.dispose();
      }
    });
});

describe('restart', () => {
  test('flows, their asset and preview links survive a restart on the same database',
    { skip: ownServerOnly('a restart on its database file') }, async () => {
      const own = await startServer({ dbFile: true });
      try {
        let c = own.client();
        const { flowId } = await c.send(new CreateWhatsAppFlowCommand({
          id: FIXTURE_WABA_ID, flowName: 'Durable', categories: ['OTHER'], flowJson: VALID, publish: true,
        }));
        const before = await c.send(new GetWhatsAppFlowPreviewCommand({ id: FIXTURE_WABA_ID, flowId }));
        await own.restart();
        c = own.client();
        const flow = await c.send(new GetWhatsAppFlowCommand({ id: FIXTURE_WABA_ID, flowId }));
        assert.equal(flow.flowStatus, 'PUBLISHED');
        const after = await c.send(new GetWhatsAppFlowPreviewCommand({ id: FIXTURE_WABA_ID, flowId }));
        // The link keeps its token; only the port (a new one after restart) differs.
        assert.equal(new URL(after.preview.previewUrl).search, new URL(before.preview.previewUrl).search);
        assert.equal((await fetch(after.preview.previewUrl)).status, 200);
        const { flowAssets } = await c.send(new ListWhatsAppFlowAssetsCommand({ id: FIXTURE_WABA_ID, flowId }));
        assert.equal(await (await fetch(flowAssets[0].downloadUrl)).text(), SAMPLE_TEXT);
      } finally {
        await own.dispose();
      }
    });
});

describe('reset', () => {
  test('POST /_socialite/reset wipes flows', { skip: ownServerOnly('reset of this server') }, async () => {
    const { flowId } = await create();
    await srv.reset();
    await rejects(get(flowId), ResourceNotFoundException);
    assert.deepEqual((await send(ListWhatsAppFlowsCommand, { id: FIXTURE_WABA_ID })).flows, []);
  });
});
