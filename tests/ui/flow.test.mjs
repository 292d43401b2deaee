// A received flow opens as a form rendered from its Flow JSON; submitting it sends the
// completion (an nfm_reply inbound message) that reaches the webhook, with the photos and
// documents picked in it as the customer's media.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CreateWhatsAppFlowCommand } from '@aws-sdk/client-socialmessaging';
import { WABA, advance, assertNoPageErrors, bubble, eventually, inbound, openInbox, send, threadHash, useSuite, webhookMessages } from './helpers.mjs';

const FLOW_JSON = {
  version: '7.3',
  screens: [
    {
      id: 'PARTY',
      title: 'Book a table',
      data: { venue: { type: 'string', __example__: 'Soho' } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Form',
            name: 'party_form',
            children: [
              { type: 'TextHeading', text: 'Table at ${data.venue}' },
              { type: 'TextBody', text: 'Tell us about your *party*.' },
              { type: 'TextInput', name: 'party_size', label: 'Party size', 'input-type': 'number', required: true },
              {
                type: 'Dropdown',
                name: 'time',
                label: 'Time',
                required: true,
                'data-source': [
                  { id: '19', title: '7 pm' },
                  { id: '20', title: '8 pm' },
                ],
              },
              {
                type: 'Footer',
                label: 'Next',
                'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'DETAILS' }, payload: { size: '${form.party_size}', time: '${form.time}' } },
              },
            ],
          },
        ],
      },
    },
    {
      id: 'DETAILS',
      title: 'Details',
      terminal: true,
      success: true,
      data: { size: { type: 'string', __example__: '2' }, time: { type: 'string', __example__: '19' } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Form',
            name: 'details_form',
            children: [
              { type: 'TextBody', text: 'A table for ${data.size}.' },
              {
                type: 'RadioButtonsGroup',
                name: 'seating',
                label: 'Seating',
                'data-source': [
                  { id: 'inside', title: 'Inside' },
                  { id: 'terrace', title: 'Terrace' },
                ],
              },
              { type: 'CheckboxGroup', name: 'extras', label: 'Extras', 'data-source': [{ id: 'cake', title: 'Birthday cake' }, { id: 'wine', title: 'Wine' }] },
              { type: 'DatePicker', name: 'date', label: 'Date' },
              { type: 'OptIn', name: 'news', label: 'Send me news' },
              {
                type: 'Footer',
                label: 'Book',
                'on-click-action': {
                  name: 'complete',
                  payload: { party_size: '${data.size}', time: '${data.time}', seating: '${form.seating}', extras: '${form.extras}', date: '${form.date}', news: '${form.news}' },
                },
              },
            ],
          },
        ],
      },
    },
  ],
};

const suite = useSuite({ args: ['--clock', 'manual'] });

// Creates and publishes a flow of the fixture WABA; returns its id.
async function createFlow(flowName, flowJson) {
  const flow = await suite.client.send(
    new CreateWhatsAppFlowCommand({ id: WABA, flowName, categories: ['OTHER'], flowJson: new TextEncoder().encode(JSON.stringify(flowJson)), publish: true }),
  );
  assert.ok(flow.flowId);
  return flow.flowId;
}

// Sends an interactive flow message opening `screen` (with `data`, if any); returns its wamid.
function sendFlow(flowId, { cta, token, screen, data, body = 'Please fill this in.' }) {
  return send(suite.client, {
    type: 'interactive',
    interactive: {
      type: 'flow',
      body: { text: body },
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: flowId, flow_cta: cta, flow_token: token, flow_action: 'navigate', flow_action_payload: { screen, ...(data ? { data } : {}) } } },
    },
  });
}

// The response_json of the completion at the webhook, once it got there, and its context.
async function completionAtWebhook() {
  const reply = await eventually(
    async () => {
      await advance(suite.srv, 0);
      return webhookMessages(suite.rx).find((m) => m.interactive?.type === 'nfm_reply');
    },
    { what: 'the nfm_reply at the webhook' },
  );
  return { context: reply.context, response: JSON.parse(reply.interactive.nfm_reply.response_json) };
}

test('a flow opens as a form and submitting it sends the nfm_reply completion', async () => {
  const flowId = await createFlow('table_booking', FLOW_JSON);
  await inbound(suite.srv);
  const page = await openInbox(suite.browser, suite.srv, threadHash());
  const wamid = await sendFlow(flowId, { body: 'Book your table for tonight.', cta: 'Book now', token: 'booking-42', screen: 'PARTY', data: { venue: 'Covent Garden' } });
  await bubble(page, wamid).getByRole('button', { name: /Book now/ }).click();
  const dialog = page.locator('#flow-dialog');
  await dialog.getByRole('heading', { name: 'Book a table' }).waitFor();
  assert.equal(await dialog.locator('.flow-heading').textContent(), 'Table at Covent Garden');
  assert.equal(await dialog.locator('.flow-text strong').textContent(), 'party');

  // Required fields hold the form back.
  await dialog.getByRole('button', { name: 'Next' }).click();
  assert.equal(await dialog.getByRole('heading', { name: 'Book a table' }).count(), 1);
  await dialog.getByLabel('Party size').fill('4');
  await dialog.getByLabel('Time').selectOption('20');
  await dialog.getByRole('button', { name: 'Next' }).click();

  await dialog.getByRole('heading', { name: 'Details' }).waitFor();
  assert.equal(await dialog.locator('.flow-text').textContent(), 'A table for 4.');
  await dialog.getByLabel('Terrace').check();
  await dialog.getByLabel('Birthday cake').check();
  await dialog.getByLabel('Date').fill('2026-01-02');
  await dialog.getByLabel('Send me news').check();
  await dialog.getByRole('button', { name: 'Book' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const { context, response } = await completionAtWebhook();
  assert.equal(context.id, wamid);
  assert.deepEqual(response, { flow_token: 'booking-42', party_size: '4', time: '20', seating: 'terrace', extras: ['cake'], date: '2026-01-02', news: true });
  // The completion shows in the thread as the customer's message.
  await page.locator('.row.in .form-response', { hasText: 'terrace' }).waitFor();
  assertNoPageErrors(page);
});

// Photos on one screen, a document on the next (a screen holds one picker, never both).
const CLAIM_JSON = {
  version: '7.3',
  screens: [
    {
      id: 'PHOTOS',
      title: 'Damage photos',
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Form',
            name: 'photos_form',
            children: [
              { type: 'PhotoPicker', name: 'damage', label: 'Photos of the damage', description: 'One or two photos.', 'min-uploaded-photos': 1, 'max-uploaded-photos': 2, 'max-file-size-kb': 2 },
              { type: 'Footer', label: 'Next', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'RECEIPT' }, payload: {} } },
            ],
          },
        ],
      },
    },
    {
      id: 'RECEIPT',
      title: 'Receipt',
      terminal: true,
      success: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Form',
            name: 'receipt_form',
            children: [
              { type: 'DocumentPicker', name: 'receipt', label: 'Receipt', 'allowed-mime-types': ['application/pdf'], 'max-uploaded-documents': 1 },
              { type: 'Footer', label: 'Send claim', 'on-click-action': { name: 'complete', payload: { damage: '${screen.PHOTOS.form.damage}', receipt: '${form.receipt}' } } },
            ],
          },
        ],
      },
    },
  ],
};

const png = (text) => ({ name: `${text}.png`, mimeType: 'image/png', buffer: Buffer.from(`\x89PNG ${text}`) });

test('photos and documents picked in a flow reach the webhook as media of the completion', async () => {
  const flowId = await createFlow('damage_claim', CLAIM_JSON);
  await inbound(suite.srv);
  const page = await openInbox(suite.browser, suite.srv, threadHash());
  const wamid = await sendFlow(flowId, { cta: 'File a claim', token: 'claim-9', screen: 'PHOTOS' });
  await bubble(page, wamid).getByRole('button', { name: /File a claim/ }).click();
  const dialog = page.locator('#flow-dialog');
  await dialog.getByRole('heading', { name: 'Damage photos' }).waitFor();
  const photos = dialog.getByLabel('Photos of the damage');
  assert.equal(await photos.getAttribute('accept'), 'image/jpeg,image/png');
  assert.equal(await photos.getAttribute('multiple'), '');
  const next = dialog.getByRole('button', { name: 'Next' });

  // No photo, three photos, or one over 2 KB: the screen does not move on.
  await next.click();
  await photos.setInputFiles([png('a'), png('b'), png('c')]);
  await next.click();
  await photos.setInputFiles([{ ...png('big'), buffer: Buffer.alloc(3000, 1) }]);
  await next.click();
  assert.equal(await dialog.getByRole('heading', { name: 'Damage photos' }).count(), 1);
  await photos.setInputFiles([png('front'), png('side')]);
  await next.click();

  await dialog.getByRole('heading', { name: 'Receipt' }).waitFor();
  const receipt = dialog.getByLabel('Receipt');
  assert.equal(await receipt.getAttribute('accept'), 'application/pdf');
  await receipt.setInputFiles([{ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt') }]);
  await dialog.getByRole('button', { name: 'Send claim' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const { context, response } = await completionAtWebhook();
  assert.equal(context.id, wamid);
  assert.equal(response.flow_token, 'claim-9');
  assert.deepEqual(response.damage.map((f) => [f.file_name, f.mime_type]), [['front.png', 'image/png'], ['side.png', 'image/png']]);
  assert.deepEqual(response.receipt.map((f) => [f.file_name, f.mime_type]), [['receipt.pdf', 'application/pdf']]);
  // Each is the customer's media, its bytes and digest as picked.
  for (const [file, bytes] of [[response.damage[1], '\x89PNG side'], [response.receipt[0], '%PDF-1.4 receipt']]) {
    assert.equal(file.sha256, createHash('sha256').update(Buffer.from(bytes)).digest('base64'));
    const stored = await suite.srv.raw('GET', `/_socialite/media/${file.id}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.text, bytes);
  }
  await page.locator('.row.in .form-response .picked-file', { hasText: 'side.png' }).waitFor();
  assertNoPageErrors(page);
});
