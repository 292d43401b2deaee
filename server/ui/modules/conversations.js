// The Conversations view: linked WABAs and their numbers, one thread per (number, customer),
// the open thread's bubbles, and the customer's side: reply, tap, attach, react, fill flows.
// Everything the customer does goes through POST /_socialite/inbound.

import { ApiError, api, withQuery } from './api.js';
import { THREAD_PAGE, digits, threadPath } from './boot.js';
import { latestStatus, previewOf, renderBubble } from './bubbles.js';
import { clockDate, clockTime, debounce, duration, h, millisOf } from './dom.js';
import { openFlowForm } from './flow_form.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

const threadKey = (phoneNumberId, customer) => `${phoneNumberId}|${customer}`;

// Reads a File as base64 (without the data: prefix).
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// A flow's response with its picked files (File objects) as the server takes them:
// {file_name, mime_type, data: base64}, read as the composer's attachments are.
async function withFileData(value) {
  if (value instanceof File) return { file_name: value.name, mime_type: value.type || 'application/octet-stream', data: await base64Of(value) };
  if (Array.isArray(value)) return Promise.all(value.map(withFileData));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await withFileData(v)]));
    return Object.fromEntries(entries);
  }
  return value;
}

// An avatar's letter: the name's first, or a silhouette for a bare number.
const initial = (name) => (name ? [...name.trim()][0]?.toUpperCase() ?? '👤' : '👤');

function mediaKindOf(mime) {
  if (mime === 'image/webp') return 'sticker';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}

export class ConversationsView {
  constructor(app) {
    this.app = app;
    this.accounts = null; // from GET /_socialite/accounts (null when the server lacks it)
    this.numbers = new Map(); // phoneNumberId -> {number, waba}
    this.threads = [];
    this.filterNumber = '';
    this.open = null; // {phoneNumberId, customer}
    this.messages = new Map(); // wamid -> message view of the open thread
    // wamid -> the server's order (messages of one clock millisecond keep their sequence).
    this.rank = new Map();
    this.nextToken = null;
    this.replyTo = null;
    this.names = new Map(); // threadKey -> customer name typed in "New chat"
    this.el = {
      accounts: document.getElementById('accounts'),
      threads: document.getElementById('threads'),
      search: document.getElementById('thread-search'),
      head: document.getElementById('chat-head'),
      log: document.getElementById('messages'),
      composer: document.getElementById('composer'),
      reply: document.getElementById('reply'),
      send: document.getElementById('send'),
      attach: document.getElementById('attach'),
      attachButton: document.getElementById('attach-button'),
      replying: document.getElementById('replying'),
      flowDialog: document.getElementById('flow-dialog'),
      newChat: document.getElementById('new-chat-dialog'),
    };
    this.refreshThreadsSoon = debounce(() => this.refreshThreads(), 150);
    this.refetchSoon = new Set();
    this.flushRefetch = debounce(() => this.refetchPending(), 30);
    this.wire();
  }

  wire() {
    const { composer, reply, attach, attachButton, search } = this.el;
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendText();
    });
    reply.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.sendText();
      }
    });
    reply.addEventListener('input', () => {
      reply.style.height = 'auto';
      reply.style.height = `${Math.min(reply.scrollHeight, 140)}px`;
    });
    attachButton.addEventListener('click', () => attach.click());
    // Media previews load after the bubbles: a thread read at its end stays at its end.
    const log = this.el.log;
    log.addEventListener('scroll', () => {
      if (Math.abs(log.scrollTop - this.scrolledTo) < 2) return; // our own scroll, not the user's
      this.pinned = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    });
    const keepPinned = () => {
      if (this.pinned) this.scrollToEnd();
    };
    log.addEventListener('load', keepPinned, true);
    log.addEventListener('loadedmetadata', keepPinned, true);
    attach.addEventListener('change', () => this.sendMedia());
    search.addEventListener('input', () => this.renderThreads());
    document.getElementById('new-chat').addEventListener('click', () => this.startNewChat());
    this.el.newChat.querySelector('form').addEventListener('submit', (event) => this.finishNewChat(event));
    this.el.newChat.querySelector('.cancel').addEventListener('click', () => this.el.newChat.close());
  }

  // --- data ----------------------------------------------------------------------------------

  async loadAccounts() {
    try {
      const { accounts } = await api.get('accounts');
      this.accounts = accounts ?? [];
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      this.accounts = null;
    }
    this.numbers.clear();
    for (const waba of this.accounts ?? []) {
      for (const number of waba.phoneNumbers ?? []) this.numbers.set(number.phoneNumberId, { number, waba });
    }
  }

  async loadThreads() {
    try {
      const { conversations } = await api.get('conversations');
      return conversations ?? [];
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
    // A server without /conversations: threads from the newest 1,000 messages.
    const { messages } = await api.get(withQuery('messages', { limit: 1000, order: 'desc' }));
    const byKey = new Map();
    for (const m of messages ?? []) {
      const key = threadKey(m.phoneNumberId, m.customer);
      const at = millisOf(m.createdAtMs, m.createdAt);
      let t = byKey.get(key);
      if (!t) {
        t = { phoneNumberId: m.phoneNumberId, wabaId: m.wabaId, customer: m.customer, messageCount: 0, lastActivityMs: -1, lastInboundMs: null };
        byKey.set(key, t);
      }
      t.messageCount += 1;
      if (at >= t.lastActivityMs) {
        t.lastActivityMs = at;
        t.lastActivityAt = m.createdAt;
        t.lastMessage = { wamid: m.wamid, direction: m.direction, type: m.type, preview: previewOf(m).slice(0, 80), createdAt: m.createdAt };
      }
      if (m.direction === 'inbound') {
        t.lastInboundMs = Math.max(t.lastInboundMs ?? 0, at);
        if (m.customerName) t.customerName = m.customerName;
      }
    }
    const now = this.app.now();
    return [...byKey.values()]
      .map((t) => ({ ...t, windowExpiresMs: t.lastInboundMs === null ? null : t.lastInboundMs + DAY_MS, windowOpen: t.lastInboundMs !== null && now < t.lastInboundMs + DAY_MS }))
      .sort((a, b) => b.lastActivityMs - a.lastActivityMs);
  }

  async refreshThreads() {
    this.threads = await this.loadThreads();
    this.renderThreads();
    if (this.open) this.renderHead();
  }

  async show(route) {
    // Everything the first render needs is asked for at once.
    const thread = route.phoneNumberId && route.customer ? this.fetchThread(route.phoneNumberId, digits(route.customer)) : null;
    if (!this.loaded) {
      this.loaded = true;
      await Promise.all([this.loadAccounts(), this.loadThreads().then((t) => (this.threads = t)), this.app.clockReady]);
      this.renderAccounts();
      if (!thread) this.renderThreads(); // else openThread renders them, with the open one marked
    }
    if (thread) await thread.catch(() => null);
    performance.mark('socialite:data');
    if (thread) await this.openThread(route.phoneNumberId, route.customer, thread);
    else if (!this.open) this.renderEmpty();
  }

  fetchThread(phoneNumberId, customer) {
    return api.get(threadPath(phoneNumberId, customer));
  }

  async reload() {
    this.loaded = false;
    const open = this.open;
    this.open = null;
    await this.show(open ?? {});
  }

  // --- accounts and threads ------------------------------------------------------------------

  numberLabel(phoneNumberId) {
    const known = this.numbers.get(phoneNumberId);
    return known ? known.number.displayPhoneNumber || known.number.displayName : phoneNumberId.replace('phone-number-id-', '').slice(0, 8);
  }

  renderAccounts() {
    const root = this.el.accounts;
    root.replaceChildren();
    if (!this.accounts) return;
    const chip = (id, label, title) =>
      h(
        'button.chip',
        {
          type: 'button',
          'aria-pressed': String(this.filterNumber === id),
          title,
          onclick: () => {
            this.filterNumber = id;
            this.renderAccounts();
            this.renderThreads();
          },
        },
        label,
      );
    root.append(chip('', 'All numbers', 'Threads of every number'));
    for (const waba of this.accounts) {
      root.append(
        h(
          'div.waba',
          { title: `${waba.wabaId} · ${waba.account} ${waba.region}` },
          h('span.waba-name', null, waba.name || waba.wabaId),
          h('span.waba-meta', null, ` ${waba.region} · ${waba.metaWabaId ?? ''}`),
        ),
      );
      for (const n of waba.phoneNumbers ?? []) {
        root.append(chip(n.phoneNumberId, `${n.displayPhoneNumber} · ${n.displayName ?? ''}`, `${n.phoneNumberId} (${n.qualityRating ?? ''})`));
      }
    }
  }

  renderThreads() {
    const query = this.el.search.value.trim().toLowerCase();
    const list = this.el.threads;
    const items = [];
    for (const t of this.threads) {
      if (this.filterNumber && t.phoneNumberId !== this.filterNumber) continue;
      const name = t.customerName || this.names.get(threadKey(t.phoneNumberId, t.customer)) || `+${t.customer}`;
      if (query && !`${name} ${t.customer} ${t.lastMessage?.preview ?? ''}`.toLowerCase().includes(query)) continue;
      const current = this.open && this.open.phoneNumberId === t.phoneNumberId && this.open.customer === t.customer;
      const at = millisOf(t.lastActivityMs, t.lastActivityAt);
      items.push(
        h(
          'li',
          null,
          h(
            'a.thread',
            {
              href: `#/conversations/${encodeURIComponent(t.phoneNumberId)}/${encodeURIComponent(t.customer)}`,
              'aria-current': current ? 'true' : undefined,
              dataset: { customer: t.customer, phoneNumberId: t.phoneNumberId },
            },
            h('span.avatar', { 'aria-hidden': 'true' }, initial(t.customerName || this.names.get(threadKey(t.phoneNumberId, t.customer)))),
            h(
              'span.thread-main',
              null,
              h('span.thread-top', null, h('span.thread-name', null, name), h('time.thread-time', null, at ? clockTime(at) : '')),
              h(
                'span.thread-bottom',
                null,
                h('span.thread-preview', null, t.lastMessage ? `${t.lastMessage.direction === 'outbound' ? '↪ ' : ''}${t.lastMessage.preview}` : ''),
                h('span.window-dot', { class: t.windowOpen ? 'window-dot open' : 'window-dot', title: t.windowOpen ? 'Customer service window open' : 'Window closed' }),
              ),
              h('span.thread-number', null, `to ${this.numberLabel(t.phoneNumberId)}`),
            ),
          ),
        ),
      );
    }
    if (items.length === 0) items.push(h('li.empty', null, this.threads.length ? 'No chat matches.' : 'No chats yet. Send a message through the API or start one here.'));
    list.replaceChildren(...items);
  }

  threadOf(phoneNumberId, customer) {
    return this.threads.find((t) => t.phoneNumberId === phoneNumberId && t.customer === customer);
  }

  // --- the open thread -----------------------------------------------------------------------

  renderEmpty() {
    this.el.head.replaceChildren(h('div.chat-title', null, h('strong', null, 'No chat open'), h('span.sub', null, 'Pick a chat on the left, or start a new one as a customer.')));
    this.el.log.replaceChildren(h('div.placeholder', null, 'Messages sent through the API appear here live, with their ticks.'));
    this.setComposerEnabled(false);
  }

  setComposerEnabled(enabled) {
    this.el.reply.disabled = !enabled;
    this.el.send.disabled = !enabled;
    this.el.attachButton.disabled = !enabled;
  }

  async openThread(phoneNumberId, customer, pending = null) {
    customer = digits(customer);
    const same = this.open && this.open.phoneNumberId === phoneNumberId && this.open.customer === customer;
    this.open = { phoneNumberId, customer };
    if (!same) {
      this.messages.clear();
      this.replyTo = null;
      this.renderReplying();
    }
    this.renderThreads();
    this.renderHead();
    this.setComposerEnabled(true);
    const page = await (pending ?? this.fetchThread(phoneNumberId, customer));
    if (!this.isOpen(phoneNumberId, customer)) return;
    this.messages.clear();
    this.rank.clear();
    this.addPage(page.messages ?? [], 0);
    this.nextToken = page.nextToken ?? null;
    this.renderHead(); // before the log, whose scroll to the end lays the page out
    this.renderLog({ scroll: 'bottom' });
  }

  // A page of messages newest first (order=desc), ranked downwards from `top`.
  addPage(list, top) {
    list.forEach((m, i) => {
      this.messages.set(m.wamid, m);
      if (!this.rank.has(m.wamid)) this.rank.set(m.wamid, top - i);
    });
  }

  // Ranks a message that just arrived above every other.
  rankNew(wamid) {
    if (!this.rank.has(wamid)) this.rank.set(wamid, Math.max(0, ...this.rank.values()) + 1);
  }

  isOpen(phoneNumberId, customer) {
    return this.open && this.open.phoneNumberId === phoneNumberId && this.open.customer === customer;
  }

  async loadEarlier() {
    if (!this.nextToken || !this.open) return;
    const { phoneNumberId, customer } = this.open;
    const page = await api.get(withQuery('messages', { phoneNumberId, customer, order: 'desc', limit: THREAD_PAGE, nextToken: this.nextToken }));
    this.addPage(page.messages ?? [], Math.min(0, ...this.rank.values()) - 1);
    this.nextToken = page.nextToken ?? null;
    this.renderLog({ scroll: 'keep' });
  }

  customerName() {
    if (!this.open) return '';
    const t = this.threadOf(this.open.phoneNumberId, this.open.customer);
    return t?.customerName || this.names.get(threadKey(this.open.phoneNumberId, this.open.customer)) || '';
  }

  // The 24-hour customer service window of the open thread, from the thread or its messages.
  windowState() {
    const t = this.threadOf(this.open.phoneNumberId, this.open.customer);
    let expires = t ? millisOf(t.windowExpiresMs, t.windowExpiresAt) || null : null;
    if (!t || t.windowExpiresMs === undefined) {
      const inbound = [...this.messages.values()].filter((m) => m.direction === 'inbound').map((m) => millisOf(m.createdAtMs, m.createdAt));
      expires = inbound.length ? Math.max(...inbound) + DAY_MS : null;
    }
    const now = this.app.now();
    return { expires, open: expires !== null && now < expires, now };
  }

  renderHead() {
    if (!this.open) return;
    const { phoneNumberId, customer } = this.open;
    const name = this.customerName();
    const win = this.windowState();
    const windowText =
      win.expires === null
        ? 'Window closed: the customer has not written yet (templates only)'
        : win.open
          ? `Window open · closes in ${duration(win.expires - win.now)}`
          : `Window closed ${duration(win.now - win.expires)} ago (templates only)`;
    const known = this.numbers.get(phoneNumberId);
    this.el.head.replaceChildren(
      h('span.avatar', { 'aria-hidden': 'true' }, initial(name)),
      h(
        'div.chat-title',
        null,
        h('h2', null, name ? `${name} (+${customer})` : `+${customer}`),
        h('span.sub', null, `with ${known ? `${known.waba.name} · ${known.number.displayPhoneNumber}` : phoneNumberId}`),
      ),
      h('span.window', { class: win.open ? 'window open' : 'window closed', role: 'status', title: win.expires ? `Expires ${new Date(win.expires).toISOString()}` : '' }, windowText),
    );
  }

  // Reactions by target wamid: the latest emoji of each side (an empty one removes it).
  reactionsByTarget(list) {
    const latest = new Map();
    for (const m of list) {
      if (m.type !== 'reaction') continue;
      const target = m.message?.reaction?.message_id;
      if (!target) continue;
      if (!latest.has(target)) latest.set(target, new Map());
      latest.get(target).set(m.direction, m.message.reaction.emoji ?? '');
    }
    const out = new Map();
    for (const [target, bySide] of latest) out.set(target, [...bySide.values()].filter(Boolean));
    return out;
  }

  sorted() {
    const rank = (m) => this.rank.get(m.wamid) ?? 0;
    return [...this.messages.values()].sort((a, b) => millisOf(a.createdAtMs, a.createdAt) - millisOf(b.createdAtMs, b.createdAt) || rank(a) - rank(b));
  }

  bubbleContext(msg, reactions) {
    return {
      find: (wamid) => this.messages.get(wamid),
      reactions: reactions.get(msg.wamid) ?? [],
      canTap: msg.direction === 'outbound' && latestStatus(msg).status !== 'failed',
      customerName: this.customerName(),
      actions: (this.actionSet ??= this.actions()),
    };
  }

  renderLog({ scroll }) {
    const log = this.el.log;
    // Layout is read only where the scroll needs it: a thread's first render lays out once.
    const nearBottom = scroll === 'auto' && log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    const previousHeight = scroll === 'keep' ? log.scrollHeight : 0;
    const list = this.sorted();
    const reactions = this.reactionsByTarget(list);
    const fragment = document.createDocumentFragment();
    if (this.nextToken) fragment.append(h('button.load-earlier', { type: 'button', onclick: () => this.loadEarlier() }, 'Load earlier messages'));
    let day = '';
    for (const msg of list) {
      const at = millisOf(msg.createdAtMs, msg.createdAt);
      if (clockDate(at) !== day) {
        day = clockDate(at);
        fragment.append(h('div.day', { role: 'separator' }, h('span', null, day)));
      }
      if (msg.type === 'reaction' && this.messages.has(msg.message?.reaction?.message_id)) continue;
      fragment.append(this.withTools(renderBubble(msg, this.bubbleContext(msg, reactions)), msg));
    }
    if (list.length === 0) fragment.append(h('div.placeholder', null, 'No messages yet. Write as the customer below.'));
    log.replaceChildren(fragment);
    if (scroll === 'bottom' || (scroll === 'auto' && (nearBottom || this.pinned))) {
      this.pinned = true;
      this.scrollToEnd();
    }
    else if (scroll === 'keep') log.scrollTop = log.scrollHeight - previousHeight;
  }

  scrollToEnd() {
    const log = this.el.log;
    log.scrollTop = log.scrollHeight;
    this.scrolledTo = log.scrollTop;
  }

  // The hover tools of a bubble: reply to it, react to it.
  withTools(row, msg) {
    const tools = h(
      'div.tools',
      null,
      h('button.tool', { type: 'button', title: 'Reply to this message', 'aria-label': 'Reply to this message', onclick: () => this.setReplyTo(msg) }, '↩'),
      h(
        'details.react',
        {
          // The emoji buttons are made when the menu first opens (most never are).
          ontoggle: (event) => {
            const menu = event.currentTarget.querySelector('.react-menu');
            if (!menu.firstChild) {
              menu.append(...QUICK_REACTIONS.map((emoji) => h('button', { type: 'button', 'aria-label': `React ${emoji}`, onclick: () => this.react(msg, emoji) }, emoji)));
            }
          },
        },
        h('summary.tool', { title: 'React', 'aria-label': 'React' }, '☺'),
        h('div.react-menu'),
      ),
    );
    row.querySelector('.bubble').after(tools);
    return row;
  }

  // Adds or replaces one message of the open thread.
  upsert(msg) {
    if (!this.open || msg.phoneNumberId !== this.open.phoneNumberId || msg.customer !== this.open.customer) return;
    const isNew = !this.messages.has(msg.wamid);
    this.rankNew(msg.wamid);
    this.messages.set(msg.wamid, msg);
    const row = document.getElementById(`m-${msg.wamid}`);
    if (!isNew && row && msg.type !== 'reaction') {
      const reactions = this.reactionsByTarget(this.sorted());
      row.replaceWith(this.withTools(renderBubble(msg, this.bubbleContext(msg, reactions)), msg));
    } else {
      this.renderLog({ scroll: isNew && msg.direction === 'inbound' ? 'bottom' : 'auto' });
    }
    this.renderHead();
  }

  async fetchMessage(wamid) {
    try {
      const msg = await api.get(`messages/${encodeURIComponent(wamid)}`);
      this.upsert(msg);
      return msg;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  refetch(wamid) {
    this.refetchSoon.add(wamid);
    this.flushRefetch();
  }

  async refetchPending() {
    const wamids = [...this.refetchSoon];
    this.refetchSoon.clear();
    await Promise.all(wamids.map((w) => this.fetchMessage(w)));
  }

  // A stream event: new messages of the open thread and status changes appear at once.
  onLive(type, data) {
    if (type === 'message' || type === 'inbound') {
      if (this.open && data.phoneNumberId === this.open.phoneNumberId && digits(data.customer) === this.open.customer) this.refetch(data.wamid);
      this.refreshThreadsSoon();
    } else if (type === 'status') {
      if (this.messages.has(data.wamid)) this.refetch(data.wamid);
      if (!this.messages.has(data.wamid)) this.refreshThreadsSoon();
    } else if (type === 'clock') {
      if (this.open) this.renderHead();
      this.refreshThreadsSoon();
    }
  }

  // While the stream is absent: what it would have told.
  async poll() {
    await this.refreshThreads();
    if (!this.open) return;
    const { phoneNumberId, customer } = this.open;
    const page = await this.fetchThread(phoneNumberId, customer);
    if (!this.isOpen(phoneNumberId, customer)) return;
    let changed = false;
    for (const m of [...(page.messages ?? [])].reverse()) {
      const old = this.messages.get(m.wamid);
      if (!old || JSON.stringify(old.statuses) !== JSON.stringify(m.statuses)) changed = true;
      this.rankNew(m.wamid);
      this.messages.set(m.wamid, m);
    }
    if (changed) this.renderLog({ scroll: 'auto' });
  }

  // --- the customer's side -------------------------------------------------------------------

  setReplyTo(msg) {
    this.replyTo = msg;
    this.renderReplying();
    this.el.reply.focus();
  }

  renderReplying() {
    const bar = this.el.replying;
    if (!this.replyTo) {
      bar.hidden = true;
      bar.replaceChildren();
      return;
    }
    bar.hidden = false;
    bar.replaceChildren(
      h('div.replying-text', null, h('strong', null, 'Replying to '), previewOf(this.replyTo)),
      h('button.tool', { type: 'button', 'aria-label': 'Cancel reply', onclick: () => this.setReplyTo(null) }, '✕'),
    );
  }

  async inbound(body, { quoting } = {}) {
    if (!this.open) return null;
    const name = this.customerName();
    const payload = { phoneNumberId: this.open.phoneNumberId, from: this.open.customer, ...(name ? { name } : {}), ...body };
    const context = quoting ?? this.replyTo?.wamid;
    if (context && !payload.context && body.type !== 'reaction' && body.type !== 'flow_completion') payload.context = { id: context };
    try {
      const { wamid } = await api.post('inbound', payload);
      this.replyTo = null;
      this.renderReplying();
      await this.fetchMessage(wamid);
      this.refreshThreadsSoon();
      return wamid;
    } catch (error) {
      this.app.toast(`Not sent: ${error.message}`);
      return null;
    }
  }

  async sendText() {
    const text = this.el.reply.value;
    if (!text.trim() || !this.open) return;
    this.el.send.disabled = true;
    const wamid = await this.inbound({ type: 'text', text: { body: text } });
    this.el.send.disabled = false;
    if (wamid) {
      this.el.reply.value = '';
      this.el.reply.style.height = '';
    }
    this.el.reply.focus();
  }

  async sendMedia() {
    const file = this.el.attach.files?.[0];
    this.el.attach.value = '';
    if (!file || !this.open) return;
    const kind = mediaKindOf(file.type || 'application/octet-stream');
    const object = { data: await base64Of(file), mime_type: file.type || 'application/octet-stream' };
    const caption = this.el.reply.value.trim();
    if (caption && kind !== 'sticker' && kind !== 'audio') object.caption = caption;
    if (kind === 'document') object.filename = file.name;
    const wamid = await this.inbound({ type: kind, [kind]: object });
    if (wamid && object.caption) this.el.reply.value = '';
  }

  react(msg, emoji) {
    for (const open of this.el.log.querySelectorAll('details.react[open]')) open.open = false;
    return this.inbound({ type: 'reaction', reaction: { message_id: msg.wamid, emoji } });
  }

  actions() {
    return {
      tapButton: (msg, reply) =>
        this.inbound({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: reply.id, title: reply.title } } }, { quoting: msg.wamid }),
      tapListRow: (msg, row) =>
        this.inbound(
          { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) } } },
          { quoting: msg.wamid },
        ),
      tapTemplateButton: (msg, button) => this.inbound({ type: 'button', button: { payload: button.payload ?? button.text, text: button.text } }, { quoting: msg.wamid }),
      openFlow: (msg) => this.openFlow(msg),
      scrollTo: (wamid) => {
        const row = document.getElementById(`m-${wamid}`);
        if (!row) return;
        row.scrollIntoView({ block: 'center' });
        row.classList.add('flash');
        setTimeout(() => row.classList.remove('flash'), 1200);
      },
    };
  }

  async openFlow(msg) {
    let full;
    try {
      full = await api.get(`messages/${encodeURIComponent(msg.wamid)}`);
    } catch (error) {
      this.app.toast(`Cannot open the flow: ${error.message}`);
      return;
    }
    const flowJson = full.flow?.flowJson;
    if (!flowJson) {
      this.app.toast('This server does not show the flow of this message (no flow.flowJson).');
      return;
    }
    const parameters = msg.message?.interactive?.action?.parameters ?? {};
    const templateAction = (msg.message?.template?.components ?? []).find((c) => c.sub_type === 'flow')?.parameters?.[0]?.action;
    const start = {
      screen: parameters.flow_action_payload?.screen,
      data: parameters.flow_action_payload?.data ?? templateAction?.flow_action_data,
    };
    const dialog = this.el.flowDialog;
    dialog.setAttribute('aria-label', full.flow?.name || 'Flow');
    openFlowForm(dialog, flowJson, start, async (response) => {
      const wamid = await this.inbound({ type: 'flow_completion', replyTo: msg.wamid, response: await withFileData(response) });
      if (wamid) dialog.close();
    });
  }

  startNewChat() {
    const dialog = this.el.newChat;
    const select = dialog.querySelector('select');
    select.replaceChildren(
      ...[...this.numbers.values()].map(({ number, waba }) => h('option', { value: number.phoneNumberId }, `${number.displayPhoneNumber} · ${waba.name ?? waba.wabaId}`)),
    );
    if (this.numbers.size === 0 && this.open) select.append(h('option', { value: this.open.phoneNumberId }, this.open.phoneNumberId));
    dialog.showModal();
    dialog.querySelector('input[name=customer]').focus();
  }

  finishNewChat(event) {
    event.preventDefault();
    const form = event.target;
    const phoneNumberId = form.elements.number.value;
    const customer = digits(form.elements.customer.value);
    if (!phoneNumberId || customer.length < 7 || customer.length > 15) {
      form.querySelector('.form-error').hidden = false;
      return;
    }
    form.querySelector('.form-error').hidden = true;
    const name = form.elements.name.value.trim();
    if (name) this.names.set(threadKey(phoneNumberId, customer), name);
    this.el.newChat.close();
    form.reset();
    location.hash = `#/conversations/${encodeURIComponent(phoneNumberId)}/${customer}`;
  }
}
