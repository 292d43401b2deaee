// Starts a server with a demo conversation and saves a PNG of each main view of the inbox
// into docs/inbox/ (referenced from the README section "The inbox").
//   node tests/ui/screenshots.mjs [OUT_DIR]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateWhatsAppMessageTemplateCommand, PostWhatsAppMessageMediaCommand } from '@aws-sdk/client-socialmessaging';
import { PHONE, WABA, admin, advance, inbound, launchBrowser, openInbox, orderReadyMessage, orderReadyTemplate, sdk, send, startReceiver, startServer, threadHash, useDestination } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'docs', 'inbox'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A 400x200 PNG of a loaf-coloured gradient, drawn by the browser itself.
async function picture(browser) {
  const page = await browser.newPage({ viewport: { width: 400, height: 200 } });
  await page.setContent(
    '<body style="margin:0"><div style="width:400px;height:200px;background:linear-gradient(135deg,#f6d365,#c97b3b);display:grid;place-items:center;font:bold 56px sans-serif;color:#fff8">🥖</div></body>',
  );
  const png = await page.screenshot();
  await page.close();
  return png;
}

const rx = await startReceiver();
const s3 = mkdtempSync(path.join(os.tmpdir(), 'socialite-shots-'));
mkdirSync(path.join(s3, 'media'));
const srv = await startServer({
  args: ['--clock', 'manual', '--s3-dir', s3, '--delivery-attempts', '2', '--webhook-raw', `arn:aws:sns:*=${rx.url('/hook')}`],
});
const browser = await launchBrowser();
try {
  const client = sdk(srv);
  await useDestination(client, 'arn:aws:sns:us-east-1:000000000000:bakery-events');
  const ana = '447700900123';
  const diego = '14255550100';
  await inbound(srv, { name: 'Ana', type: 'text', text: { body: 'Hi! Do you still have sourdough today?' } }, ana);
  await advance(srv, 60);
  const hello = await inbound(srv, { name: 'Diego', type: 'text', text: { body: 'Hello 👋 I ordered a birthday cake for Saturday, is it on track?' } }, diego);
  await advance(srv, 30);
  await send(client, { type: 'reaction', reaction: { message_id: hello, emoji: '👍' } });
  await send(client, { type: 'text', context: { message_id: hello }, text: { body: 'Hi Diego! Yes — your *chocolate cake* is in the oven.\n* 8 candles\n* _"Happy birthday Marta"_ on top' } });
  await advance(srv, 3);
  writeFileSync(path.join(s3, 'media', 'cake.png'), await picture(browser));
  const media = await client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: PHONE, sourceS3File: { bucketName: 'media', key: 'cake.png' } }));
  await send(client, { type: 'image', image: { id: media.mediaId, caption: 'Fresh from the bakery' } });
  await advance(srv, 3);
  await send(client, {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'When would you like to pick it up?' },
      footer: { text: 'Corner Bakery' },
      action: { buttons: [{ type: 'reply', reply: { id: 'am', title: 'Saturday morning' } }, { type: 'reply', reply: { id: 'pm', title: 'Saturday afternoon' } }] },
    },
  });
  await advance(srv, 40);
  await admin(srv, 'POST', 'inbound', { phoneNumberId: PHONE, from: diego, name: 'Diego', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'am', title: 'Saturday morning' } } });
  await send(client, { type: 'location', location: { latitude: 51.5136, longitude: -0.1365, name: 'Corner Bakery', address: '12 Poland St, London W1F' } });
  await advance(srv, 2.5);
  await send(client, { type: 'text', text: { body: 'See you Saturday! `Order #48213`' } });
  await advance(srv, 0.6);

  await client.send(
    new CreateWhatsAppMessageTemplateCommand({
      id: WABA,
      templateDefinition: new TextEncoder().encode(
        JSON.stringify(orderReadyTemplate({ trackText: 'Track order' })),
      ),
    }),
  );
  await client.send(
    new CreateWhatsAppMessageTemplateCommand({
      id: WABA,
      templateDefinition: new TextEncoder().encode(
        JSON.stringify({ name: 'spring_sale', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Our spring sale starts today: 20% off all cakes.' }] }),
      ),
    }),
  );
  await advance(srv, 1);
  await send(client, { to: `+${ana}`, ...orderReadyMessage('Ana', '48190') });
  await advance(srv, 3);
  // A receiver outage: the next event fails twice and is dead (replayable in the Events view).
  rx.always(503);
  await inbound(srv, { name: 'Ana', type: 'text', text: { body: 'Thank you!' } }, ana);
  await advance(srv, 1);
  await advance(srv, 1);
  rx.reset();
  await admin(srv, 'PUT', 'faults', { rules: [{ operation: 'GetWhatsAppMessageMedia', nextCalls: 3, error: 'ThrottledRequestException' }, { operation: 'SendWhatsAppMessage', probability: 0.05, latencyMs: 250 }] });

  mkdirSync(out, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const shots = [
    ['conversations', threadHash(diego)],
    ['templates', '#/templates'],
    ['events', '#/events'],
    ['requests', '#/requests'],
    ['faults', '#/faults'],
  ];
  for (const [name, hash] of shots) {
    const page = await openInbox(browser, srv, hash, { context });
    // The thread is the picture that matters: tall enough for the whole demo conversation.
    if (name === 'conversations') await page.setViewportSize({ width: 1280, height: 1180 });
    await page.waitForSelector('#connection[data-state="live"]').catch(() => {});
    if (name === 'templates') await page.getByRole('button', { name: 'Components of order_ready' }).click();
    if (name === 'events') {
      const dead = page.locator('tr', { has: page.locator('.badge', { hasText: 'dead' }) }).first();
      await dead.getByRole('button', { name: /Details of event/ }).click().catch(() => {});
    }
    await sleep(400); // media previews and fonts settle
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`wrote ${path.join(out, `${name}.png`)}`);
    await page.close();
  }
  await context.close();
} finally {
  await browser.close();
  await srv.dispose();
  await rx.close();
  rmSync(s3, { recursive: true, force: true });
}
