// One renderer per message type: a message view of GET /_socialite/messages becomes the
// bubble a phone would show. Outbound messages (the business's) are green on the right with
// their status ticks; inbound ones (the customer's) are grey on the left.

import { mediaUrl } from './api.js';
import { clockDateTime, clockTime, h, millisOf } from './dom.js';
import { formatted } from './formatting.js';

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];
const STATUS_RANK = { accepted: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 5 };

// The Meta object of the message's type (the `text` object of a text message, ...).
function content(msg) {
  const message = msg.message && typeof msg.message === 'object' ? msg.message : {};
  return message[msg.type] ?? {};
}

// The wamid a message answers or reacts to, if any.
export function quotedWamid(msg) {
  const context = msg.message?.context;
  return msg.replyTo || context?.message_id || context?.id || null;
}

// A one-line description of a message, for quotes and the thread list.
export function previewOf(msg) {
  const c = content(msg);
  switch (msg.type) {
    case 'text':
      return c.body ?? '';
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return c.caption || c.filename || `${msg.type[0].toUpperCase()}${msg.type.slice(1)}`;
    case 'location':
      return `📍 ${c.name || c.address || 'Location'}`;
    case 'contacts':
      return `👤 ${(Array.isArray(c) ? c : []).map((x) => x?.name?.formatted_name).filter(Boolean).join(', ') || 'Contact'}`;
    case 'reaction':
      return c.emoji ? `Reacted ${c.emoji}` : 'Removed a reaction';
    case 'button':
      return c.text ?? '';
    case 'interactive': {
      const reply = c.button_reply || c.list_reply;
      if (reply) return reply.title ?? '';
      if (c.type === 'nfm_reply') return 'Form submitted';
      return c.body?.text ?? `Interactive ${c.type ?? ''}`;
    }
    case 'template':
      return msg.rendered?.body ?? `Template ${msg.template?.name ?? c.name ?? ''}`;
    default:
      return msg.type;
  }
}

// The latest status of an outbound message, with the failure if it failed.
export function latestStatus(msg) {
  let best = { status: 'accepted' };
  for (const s of msg.statuses ?? []) {
    if ((STATUS_RANK[s.status] ?? -1) >= (STATUS_RANK[best.status] ?? -1)) best = s;
  }
  if (msg.outcome && best.status !== 'failed') best = { status: 'failed', errorCode: msg.outcome.code };
  return best;
}

function failureText(msg, status) {
  const code = status.errorCode ?? msg.outcome?.code;
  const title = status.errorTitle ?? msg.outcome?.title ?? '';
  const details = msg.outcome?.details ? ` — ${msg.outcome.details}` : '';
  return `Failed: ${code ?? ''} ${title}${details}`.trim();
}

function ticks(msg) {
  const status = latestStatus(msg);
  const name = status.status;
  if (name === 'failed') {
    const text = failureText(msg, status);
    return h('span.ticks.failed', { title: text, 'aria-label': text, tabindex: '0', dataset: { status: name } }, '⚠');
  }
  const marks = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓' }[name] ?? '✓';
  const label = { accepted: 'Pending', sent: 'Sent', delivered: 'Delivered', read: 'Read', played: 'Played' }[name] ?? name;
  return h(`span.ticks.${name}`, { title: label, 'aria-label': label, dataset: { status: name } }, marks);
}

// --- media -----------------------------------------------------------------------------------

function mediaNode(kind, object, alt) {
  const id = object?.id ?? object?.mediaId;
  const link = object?.link;
  const holder = h(`div.media.${kind}`);
  const show = (src) => {
    let node;
    if (kind === 'image' || kind === 'sticker') node = h('img', { src, alt: alt || kind, loading: 'lazy' });
    else if (kind === 'video') node = h('video', { src, controls: true, preload: 'metadata', 'aria-label': alt || 'Video' });
    else if (kind === 'audio') node = h('audio', { src, controls: true, preload: 'metadata', 'aria-label': alt || 'Audio' });
    else {
      const name = object.filename || 'document';
      node = h('a.doc', { href: src, download: name }, h('span.doc-icon', { 'aria-hidden': 'true' }, '📄'), h('span', null, name));
    }
    holder.replaceChildren(node);
  };
  if (id) {
    holder.append(h('span.media-loading', null, `${kind} ${id}`));
    mediaUrl(id).then(show, () => holder.replaceChildren(h('span.media-missing', null, `${kind} ${id} (not stored)`)));
  } else if (link) {
    // Media by link is never fetched (no network at run time): the link is shown instead.
    holder.append(h('a.media-link', { href: link, target: '_blank', rel: 'noopener noreferrer' }, `${kind}: ${link}`));
  }
  return holder;
}

function locationNode(c) {
  const lat = Number(c.latitude);
  const lng = Number(c.longitude);
  return h(
    'div.location',
    null,
    h('div.map', { 'aria-hidden': 'true' }, h('span.pin', null, '📍')),
    c.name ? h('strong', null, c.name) : null,
    c.address ? h('div.address', null, c.address) : null,
    h('div.coords', null, `${lat.toFixed(5)}, ${lng.toFixed(5)}`),
  );
}

function contactsNode(list) {
  return h(
    'div.contacts',
    null,
    (Array.isArray(list) ? list : []).map((contact) =>
      h(
        'div.contact',
        null,
        h('span.avatar', { 'aria-hidden': 'true' }, '👤'),
        h(
          'div',
          null,
          h('strong', null, contact?.name?.formatted_name || contact?.name?.first_name || 'Contact'),
          (contact?.phones ?? []).map((p) => h('div.phone', null, p.phone || p.wa_id)),
          (contact?.emails ?? []).map((e) => h('div.email', null, e.email)),
        ),
      ),
    ),
  );
}

// --- interactive -----------------------------------------------------------------------------

function headerNode(header) {
  if (!header) return null;
  if (header.type === 'text') return h('div.header-text', null, header.text ?? '');
  if (MEDIA_TYPES.includes(header.type)) return mediaNode(header.type, header[header.type], header.type);
  return null;
}

function listPicker(msg, action, ctx) {
  const sheet = h('div.list-sheet', { hidden: true, role: 'group', 'aria-label': action.button || 'Options' });
  for (const section of action.sections ?? []) {
    if (section.title) sheet.append(h('div.section-title', null, section.title));
    for (const row of section.rows ?? []) {
      sheet.append(
        h(
          'button.list-row',
          { type: 'button', disabled: !ctx.canTap, onclick: () => ctx.actions.tapListRow(msg, row) },
          h('span.row-title', null, row.title),
          row.description ? h('span.row-description', null, row.description) : null,
        ),
      );
    }
  }
  const open = h(
    'button.action-button',
    {
      type: 'button',
      'aria-expanded': 'false',
      onclick: (event) => {
        sheet.hidden = !sheet.hidden;
        event.currentTarget.setAttribute('aria-expanded', String(!sheet.hidden));
      },
    },
    '☰ ',
    action.button || 'Options',
  );
  return [open, sheet];
}

function interactiveOutbound(msg, c, ctx) {
  const action = c.action ?? {};
  const parts = [headerNode(c.header), c.body?.text ? formatted(c.body.text) : null];
  if (c.footer?.text) parts.push(h('div.footer', null, c.footer.text));
  const actions = h('div.actions');
  if (c.type === 'button') {
    for (const b of action.buttons ?? []) {
      const reply = b.reply ?? {};
      actions.append(
        h('button.action-button', { type: 'button', disabled: !ctx.canTap, onclick: () => ctx.actions.tapButton(msg, reply) }, reply.title ?? b.title ?? ''),
      );
    }
  } else if (c.type === 'list') {
    actions.append(...listPicker(msg, action, ctx));
  } else if (c.type === 'flow') {
    const cta = action.parameters?.flow_cta || 'Open';
    actions.append(h('button.action-button.flow', { type: 'button', disabled: !ctx.canTap, onclick: () => ctx.actions.openFlow(msg) }, '▤ ', cta));
  } else if (c.type === 'cta_url') {
    const p = action.parameters ?? {};
    actions.append(h('a.action-button', { href: p.url, target: '_blank', rel: 'noopener noreferrer', title: p.url }, '↗ ', p.display_text ?? p.url));
  } else if (c.type) {
    actions.append(h('div.kind', null, `${c.type.replaceAll('_', ' ')}`));
  }
  if (actions.childNodes.length) parts.push(actions);
  return parts;
}

function interactiveInbound(c) {
  if (c.type === 'button_reply') return [h('div.reply-kind', null, '↩ button'), h('div', null, c.button_reply?.title ?? '')];
  if (c.type === 'list_reply') {
    return [
      h('div.reply-kind', null, '↩ list'),
      h('div', null, c.list_reply?.title ?? ''),
      c.list_reply?.description ? h('div.row-description', null, c.list_reply.description) : null,
    ];
  }
  if (c.type === 'nfm_reply') {
    let response = {};
    try {
      response = JSON.parse(c.nfm_reply?.response_json ?? '{}');
    } catch {
      response = {};
    }
    return [
      h('div.reply-kind', null, '▤ form submitted'),
      h(
        'dl.form-response',
        null,
        Object.entries(response).map(([k, v]) => [h('dt', null, k), h('dd', null, responseValue(v))]),
      ),
    ];
  }
  return [h('pre.raw', null, JSON.stringify(c, null, 2))];
}

// A submitted field: the files picked in the flow by name (their media ids on hover).
function responseValue(v) {
  const isFile = (f) => f && typeof f === 'object' && typeof f.id === 'string' && typeof f.file_name === 'string';
  if (Array.isArray(v) && v.length > 0 && v.every(isFile)) {
    return v.map((f) => h('span.picked-file', { title: `${f.mime_type ?? ''} · media ${f.id}` }, `📎 ${f.file_name}`));
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// --- templates -------------------------------------------------------------------------------

function templateNode(msg, ctx) {
  const r = msg.rendered;
  const t = content(msg);
  if (!r) {
    // Without the server's rendering: the name and the parameters that were sent.
    const params = (t.components ?? []).flatMap((comp) => (comp.parameters ?? []).map((p) => p.text ?? p.payload ?? p.type));
    return [
      h('div.template-name', null, `Template ${t.name ?? msg.template?.name ?? ''} (${t.language?.code ?? msg.template?.language ?? ''})`),
      params.length ? h('div.template-params', null, params.join(' · ')) : null,
    ];
  }
  const parts = [];
  const header = r.header;
  if (header) {
    const format = String(header.format ?? '').toUpperCase();
    if (format === 'TEXT') parts.push(h('div.header-text', null, header.text ?? ''));
    else if (format === 'LOCATION') parts.push(locationNode(header.location ?? {}));
    else if (format) parts.push(mediaNode(format.toLowerCase(), { id: header.mediaId, link: header.link, filename: header.filename }, format.toLowerCase()));
  }
  parts.push(formatted(r.body ?? ''));
  if (r.footer) parts.push(h('div.footer', null, r.footer));
  const buttons = r.buttons ?? [];
  if (buttons.length) {
    const actions = h('div.actions');
    for (const b of buttons) {
      const type = String(b.type ?? '').toUpperCase();
      if (type === 'QUICK_REPLY') {
        actions.append(h('button.action-button', { type: 'button', disabled: !ctx.canTap, onclick: () => ctx.actions.tapTemplateButton(msg, b) }, '↩ ', b.text));
      } else if (type === 'FLOW') {
        actions.append(h('button.action-button.flow', { type: 'button', disabled: !ctx.canTap, onclick: () => ctx.actions.openFlow(msg) }, '▤ ', b.text));
      } else if (type === 'URL') {
        actions.append(h('a.action-button', { href: b.url, target: '_blank', rel: 'noopener noreferrer', title: b.url }, '↗ ', b.text));
      } else if (type === 'PHONE_NUMBER' || type === 'VOICE_CALL') {
        actions.append(h('span.action-button.static', { title: b.phoneNumber ?? '' }, '📞 ', b.text));
      } else if (type === 'COPY_CODE' || type === 'OTP') {
        actions.append(h('span.action-button.static', { title: b.payload ?? '' }, '⧉ ', b.text ?? 'Copy code'));
      } else {
        actions.append(h('span.action-button.static', null, b.text ?? type));
      }
    }
    parts.push(actions);
  }
  return parts;
}

// --- the bubble ------------------------------------------------------------------------------

function bodyOf(msg, ctx) {
  const c = content(msg);
  const outbound = msg.direction === 'outbound';
  switch (msg.type) {
    case 'text':
      return [formatted(c.body ?? '')];
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return [mediaNode(msg.type, c, c.caption), c.caption ? formatted(c.caption) : null];
    case 'location':
      return [locationNode(c)];
    case 'contacts':
      return [contactsNode(c)];
    case 'button':
      return [h('div.reply-kind', null, '↩ button'), h('div', null, c.text ?? '')];
    case 'interactive':
      return outbound ? interactiveOutbound(msg, c, ctx) : interactiveInbound(c);
    case 'template':
      return templateNode(msg, ctx);
    case 'reaction':
      return [h('div.reaction-note', null, c.emoji ? `Reacted ${c.emoji}` : 'Removed a reaction')];
    default:
      return [h('pre.raw', null, JSON.stringify(msg.message, null, 2))];
  }
}

function quoteNode(msg, ctx) {
  const wamid = quotedWamid(msg);
  if (!wamid || msg.type === 'reaction') return null;
  const target = ctx.find(wamid);
  const who = target ? (target.direction === 'outbound' ? 'Business' : ctx.customerName || 'Customer') : 'Message';
  return h(
    'button.quoted',
    {
      type: 'button',
      title: 'Show the quoted message',
      onclick: () => ctx.actions.scrollTo(wamid),
    },
    h('span.quoted-who', null, who),
    h('span.quoted-text', null, target ? previewOf(target) : wamid),
  );
}

// A message row: the bubble with its quote, content, time and ticks. `ctx`: {find(wamid),
// reactions (emoji list for this message), actions, canTap, customerName}.
export function renderBubble(msg, ctx) {
  const outbound = msg.direction === 'outbound';
  const at = millisOf(msg.createdAtMs, msg.createdAt);
  const kind = msg.type === 'sticker' ? 'sticker' : msg.type === 'interactive' ? `interactive-${content(msg).type ?? ''}` : msg.type;
  const meta = h(
    'div.meta',
    null,
    msg.type === 'template' ? h('span.tag', null, msg.template?.name ?? content(msg).name ?? 'template') : null,
    h('time', { datetime: msg.createdAt, title: clockDateTime(at) }, clockTime(at)),
    outbound ? ticks(msg) : null,
  );
  const bubble = h(
    `div.bubble.${kind}`,
    { role: 'article', 'aria-label': `${outbound ? 'Business' : 'Customer'} ${msg.type} message` },
    quoteNode(msg, ctx),
    bodyOf(msg, ctx),
    meta,
  );
  const reactions = ctx.reactions ?? [];
  if (reactions.length) {
    bubble.append(h('div.reactions', { 'aria-label': `Reactions ${reactions.join(' ')}` }, reactions.join('')));
  }
  return h(
    `div.row.${outbound ? 'out' : 'in'}${reactions.length ? '.reacted' : ''}`,
    { id: `m-${msg.wamid}`, dataset: { wamid: msg.wamid, type: msg.type, direction: msg.direction } },
    bubble,
  );
}
