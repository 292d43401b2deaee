// A received flow opens as a form rendered from its Flow JSON; submitting it sends the
// completion (an nfm_reply inbound message) that reaches the webhook.
import assert from 'node:assert/strict';
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

test('a flow opens as a form and submitting it sends the nfm_reply completion', async () => {
  const flow = await suite.client.send(
    new CreateWhatsAppFlowCommand({ id: WABA, flowName: 'table_booking', categories: ['APPOINTMENT_BOOKING'], flowJson: new TextEncoder().encode(JSON.stringify(FLOW_JSON)), publish: true }),
  );
  assert.ok(flow.flowId);
  await inbound(suite.srv);
  const page = await openInbox(suite.browser, suite.srv, threadHash());
  const wamid = await send(suite.client, {
    type: 'interactive',
    interactive: {
      type: 'flow',
      body: { text: 'Book your table for tonight.' },
      action: {
        name: 'flow',
        parameters: { flow_message_version: '3', flow_id: flow.flowId, flow_cta: 'Book now', flow_token: 'booking-42', flow_action: 'navigate', flow_action_payload: { screen: 'PARTY', data: { venue: 'Covent Garden' } } },
      },
    },
  });
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

  const reply = await eventually(
    async () => {
      await advance(suite.srv, 0);
      return webhookMessages(suite.rx).find((m) => m.interactive?.type === 'nfm_reply');
    },
    { what: 'the nfm_reply at the webhook' },
  );
  assert.equal(reply.context.id, wamid);
  const response = JSON.parse(reply.interactive.nfm_reply.response_json);
  assert.deepEqual(response, { flow_token: 'booking-42', party_size: '4', time: '20', seating: 'terrace', extras: ['cake'], date: '2026-01-02', news: true });
  // The completion shows in the thread as the customer's message.
  await page.locator('.row.in .form-response', { hasText: 'terrace' }).waitFor();
  assertNoPageErrors(page);
});
