// Every message type Socialite accepts renders a bubble: each is sent through the SDK (or,
// for the customer's side, POST /_socialite/inbound) and looked for in the open thread.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateWhatsAppMessageTemplateCommand, PostWhatsAppMessageMediaCommand } from '@aws-sdk/client-socialmessaging';
import { mp3, mp4, pdf, png, webpStatic } from '../contract/helpers/messaging.mjs';
import { PHONE, WABA, advance, assertNoPageErrors, bubble, inbound, launchBrowser, openInbox, orderReadyMessage, orderReadyTemplate, sdk, send, startServer, threadHash } from './helpers.mjs';

const BUCKET = 'media';
let srv;
let browser;
let client;
let s3;
let page;
let greeting; // the customer's first message, which opens the window

async function upload(key, bytes) {
  writeFileSync(path.join(s3, BUCKET, key), bytes);
  const out = await client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: PHONE, sourceS3File: { bucketName: BUCKET, key } }));
  return out.mediaId;
}

before(async () => {
  s3 = mkdtempSync(path.join(os.tmpdir(), 'socialite-ui-s3-'));
  mkdirSync(path.join(s3, BUCKET));
  srv = await startServer({ args: ['--clock', 'manual', '--s3-dir', s3] });
  client = sdk(srv);
  browser = await launchBrowser();
  greeting = await inbound(srv, { type: 'text', text: { body: 'Hi! What do you have today?' } });
  page = await openInbox(browser, srv, threadHash());
  await bubble(page, greeting).waitFor();
});
after(async () => {
  await browser?.close();
  await srv?.dispose();
  if (s3) rmSync(s3, { recursive: true, force: true });
});

describe('every message type renders a bubble', () => {
  test('text with WhatsApp formatting', async () => {
    const wamid = await send(client, {
      type: 'text',
      text: { body: 'Today: *bold* _italic_ ~gone~ `code`\n```\nmono block\n```\n> a quote\n* first\n* second\n1. one\n2. two\nsnake_case_stays plain' },
    });
    const row = bubble(page, wamid);
    await row.waitFor();
    assert.equal(await row.locator('strong').first().textContent(), 'bold');
    assert.equal(await row.locator('em').first().textContent(), 'italic');
    assert.equal(await row.locator('s').first().textContent(), 'gone');
    assert.equal(await row.locator('code.inline-code').textContent(), 'code');
    assert.equal(await row.locator('pre.mono').textContent(), 'mono block\n');
    assert.equal(await row.locator('blockquote').textContent(), 'a quote');
    assert.deepEqual(await row.locator('ul li').allTextContents(), ['first', 'second']);
    assert.deepEqual(await row.locator('ol li').allTextContents(), ['one', 'two']);
    assert.match(await row.textContent(), /snake_case_stays plain/);
    assert.equal(await row.locator('.row.out, .bubble').count(), 1);
    assert.match(await row.getAttribute('class'), /^row out\b/);
  });

  test('markup in data stays text', async () => {
    const wamid = await send(client, { type: 'text', text: { body: '<img src=x onerror="window.pwned=1"><b>not bold</b>' } });
    await bubble(page, wamid).waitFor();
    assert.equal(await bubble(page, wamid).locator('img, b').count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  });

  test('images, video, audio, documents and stickers, previewed from the stored media', async () => {
    const kinds = {
      image: { id: await upload('photo.png', png()), caption: 'Fresh bread' },
      video: { id: await upload('clip.mp4', mp4()) },
      audio: { id: await upload('voice.mp3', mp3()) },
      document: { id: await upload('menu.pdf', pdf()), filename: 'menu.pdf' },
      sticker: { id: await upload('smile.webp', webpStatic()) },
    };
    for (const [type, object] of Object.entries(kinds)) {
      const wamid = await send(client, { type, [type]: object });
      const row = bubble(page, wamid);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-type'), type);
      const selector = { image: 'img', sticker: 'img', video: 'video', audio: 'audio', document: 'a.doc' }[type];
      const media = row.locator(`${selector}[src^="blob:"], ${selector}[href^="blob:"]`);
      await media.waitFor({ timeout: 5000 });
    }
    assert.match(await page.locator('.row[data-type="image"]').textContent(), /Fresh bread/);
    assert.match(await page.locator('.row[data-type="document"]').textContent(), /menu\.pdf/);
  });

  test('location and contacts', async () => {
    const place = await send(client, { type: 'location', location: { latitude: 51.5136, longitude: -0.1365, name: 'Corner Bakery', address: '12 Poland St, London' } });
    await bubble(page, place).waitFor();
    assert.match(await bubble(page, place).textContent(), /Corner Bakery.*12 Poland St.*51\.51360, -0\.13650/s);
    const card = await send(client, { type: 'contacts', contacts: [{ name: { formatted_name: 'Ana Ruiz', first_name: 'Ana' }, phones: [{ phone: '+44 7700 900123', type: 'CELL' }] }] });
    await bubble(page, card).waitFor();
    assert.match(await bubble(page, card).textContent(), /Ana Ruiz.*\+44 7700 900123/s);
  });

  test('reactions sit on the message they react to; replies quote it', async () => {
    const reaction = await send(client, { type: 'reaction', reaction: { message_id: greeting, emoji: '👍' } });
    await page.locator(`[data-wamid="${greeting}"] .reactions`, { hasText: '👍' }).waitFor();
    assert.equal(await bubble(page, reaction).count(), 0, 'a reaction to a message on screen is no bubble of its own');
    const reply = await send(client, { type: 'text', context: { message_id: greeting }, text: { body: 'Sourdough and rye.' } });
    const quoted = bubble(page, reply).locator('.quoted');
    await quoted.waitFor();
    assert.match(await quoted.textContent(), /Hi! What do you have today\?/);
  });

  test('interactive buttons, lists, flows and links', async () => {
    const buttons = await send(client, {
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Pickup' },
        body: { text: 'When will you come?' },
        footer: { text: 'Corner Bakery' },
        action: { buttons: [{ type: 'reply', reply: { id: 'now', title: 'Now' } }, { type: 'reply', reply: { id: 'later', title: 'Later' } }] },
      },
    });
    await bubble(page, buttons).waitFor();
    assert.match(await bubble(page, buttons).textContent(), /Pickup.*When will you come\?.*Corner Bakery/s);
    assert.deepEqual(await bubble(page, buttons).locator('.actions button').allTextContents(), ['Now', 'Later']);

    const list = await send(client, {
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Our menu' }, action: { button: 'See menu', sections: [{ title: 'Bread', rows: [{ id: 'rye', title: 'Rye' }] }] } },
    });
    await bubble(page, list).getByRole('button', { name: 'See menu' }).waitFor();

    const link = await send(client, {
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: 'Order online' }, action: { name: 'cta_url', parameters: { display_text: 'Open shop', url: 'https://example.com/shop' } } },
    });
    const anchor = bubble(page, link).getByRole('link', { name: /Open shop/ });
    await anchor.waitFor();
    assert.equal(await anchor.getAttribute('href'), 'https://example.com/shop');
  });

  test('templates with header, body parameters filled, footer and buttons', async () => {
    const created = await client.send(
      new CreateWhatsAppMessageTemplateCommand({
        id: WABA,
        templateDefinition: new TextEncoder().encode(
          JSON.stringify(orderReadyTemplate()),
        ),
      }),
    );
    assert.ok(created.metaTemplateId);
    await advance(srv, 1);
    const wamid = await send(client, orderReadyMessage('Diego', '48213'));
    const row = bubble(page, wamid);
    await row.waitFor().catch((e) => {
      throw new Error(`${e.message}\npage errors: ${page.errors.map((x) => x.stack).join('\n')}`);
    });
    await row.locator('.header-text').waitFor();
    assert.equal(await row.locator('.header-text').textContent(), 'Order #48213');
    assert.match(await row.textContent(), /Hi Diego, your order #48213 is ready for pickup today\./);
    assert.equal(await row.locator('.footer').textContent(), 'Corner Bakery');
    assert.match(await row.getByRole('button', { name: /On my way/ }).textContent(), /On my way/);
    assert.equal(await row.getByRole('link', { name: /Track/ }).getAttribute('href'), 'https://example.com/t/48213');
    // A quick reply is tappable: it comes back as the customer's button message.
    await row.getByRole('button', { name: /On my way/ }).click();
    await page.locator('.row.in[data-type="button"]', { hasText: 'On my way' }).waitFor();
  });

  test("the customer's own messages of every kind", async () => {
    const location = await inbound(srv, { type: 'location', location: { latitude: 40.4168, longitude: -3.7038, name: 'Home' } });
    const contacts = await inbound(srv, { type: 'contacts', contacts: [{ name: { formatted_name: 'Marta' }, phones: [{ phone: '+34 600 000 000' }] }] });
    const document = await inbound(srv, { type: 'document', document: { data: pdf().toString('base64'), mime_type: 'application/pdf', filename: 'id.pdf' } });
    const reply = await inbound(srv, { type: 'text', text: { body: 'see above' }, context: { id: greeting } });
    for (const wamid of [location, contacts, document, reply]) {
      await bubble(page, wamid).waitFor();
      assert.match(await bubble(page, wamid).getAttribute('class'), /^row in\b/);
    }
    assert.match(await bubble(page, location).textContent(), /Home/);
    assert.match(await bubble(page, contacts).textContent(), /Marta/);
    await bubble(page, document).locator('a.doc[href^="blob:"]').waitFor();
    assert.match(await bubble(page, reply).locator('.quoted').textContent(), /Hi! What do you have today/);
    assertNoPageErrors(page);
  });
});
