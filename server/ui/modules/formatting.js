// WhatsApp text formatting to DOM nodes: *bold*, _italic_, ~strike~, ```mono```, `inline`,
// "> " quotes, "* "/"- " bullets and "1. " numbered lists. Text only ever becomes text nodes.

const INLINE = { '*': 'strong', _: 'em', '~': 's' };
const URL_RE = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) node.append(child);
  return node;
}

const isSpace = (c) => c === undefined || /\s/.test(c);
const isWordChar = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

// Links in plain text become anchors that open elsewhere.
function linkified(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const a = el('a', null, [match[0]]);
    a.href = match[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    nodes.push(a);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// The closing marker of `marker` opened at `open`, or -1: it must follow a non-space and not
// be followed by a letter or digit (so snake_case_words stay plain).
function closing(text, open, marker) {
  for (let j = open + 2; j < text.length; j += 1) {
    if (text[j] === marker && !isSpace(text[j - 1]) && !isWordChar(text[j + 1])) return j;
  }
  return -1;
}

// One line (or a run of text without block markup) to inline nodes.
export function inlineNodes(text, depth = 0) {
  const nodes = [];
  let plain = '';
  const flush = () => {
    if (plain) nodes.push(...linkified(plain));
    plain = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '`') {
      const fence = text.startsWith('```', i) ? '```' : '`';
      const end = text.indexOf(fence, i + fence.length);
      if (end > i + fence.length) {
        flush();
        nodes.push(el('code', fence === '```' ? 'mono' : 'inline-code', [text.slice(i + fence.length, end)]));
        i = end + fence.length - 1;
        continue;
      }
    }
    const tag = INLINE[c];
    if (tag && depth < 4 && !isWordChar(text[i - 1]) && !isSpace(text[i + 1])) {
      const end = closing(text, i, c);
      if (end !== -1) {
        flush();
        nodes.push(el(tag, null, inlineNodes(text.slice(i + 1, end), depth + 1)));
        i = end;
        continue;
      }
    }
    plain += c;
  }
  flush();
  return nodes;
}

// Splits on ``` fences that span lines: [{code: true, text}, {code: false, text}, ...].
function fencedParts(text) {
  const parts = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('```');
    const close = open === -1 ? -1 : rest.indexOf('```', open + 3);
    if (close === -1 || !rest.slice(open + 3, close).includes('\n')) {
      parts.push({ code: false, text: rest });
      return parts;
    }
    if (open > 0) parts.push({ code: false, text: rest.slice(0, open) });
    parts.push({ code: true, text: rest.slice(open + 3, close).replace(/^\n/, '') });
    rest = rest.slice(close + 3);
  }
}

const BULLET_RE = /^[*-] (.*)$/;
const NUMBER_RE = /^(\d{1,3})\. (.*)$/;
const QUOTE_RE = /^> ?(.*)$/;

// Lines to blocks: consecutive list items and quote lines group together.
function blockNodes(text) {
  const out = [];
  let list = null;
  let listKind = '';
  let quote = null;
  let paragraph = null;
  const endGroups = () => {
    list = null;
    listKind = '';
    quote = null;
  };
  for (const line of text.split('\n')) {
    let m;
    if ((m = BULLET_RE.exec(line)) || (m = NUMBER_RE.exec(line))) {
      const kind = m.length === 3 ? 'ol' : 'ul';
      const content = m.length === 3 ? m[2] : m[1];
      if (!list || listKind !== kind) {
        endGroups();
        list = el(kind, 'wa-list');
        if (kind === 'ol') list.start = Number(m[1]);
        listKind = kind;
        out.push(list);
      }
      list.append(el('li', null, inlineNodes(content)));
      paragraph = null;
      continue;
    }
    if ((m = QUOTE_RE.exec(line)) && line.startsWith('>')) {
      if (!quote) {
        endGroups();
        quote = el('blockquote', 'wa-quote');
        out.push(quote);
      } else {
        quote.append(el('br'));
      }
      quote.append(...inlineNodes(m[1]));
      paragraph = null;
      continue;
    }
    endGroups();
    if (!paragraph) {
      paragraph = el('span', 'wa-text');
      out.push(paragraph);
    } else {
      paragraph.append(el('br'));
    }
    paragraph.append(...inlineNodes(line));
  }
  return out;
}

// The whole text of a message as a <div class="formatted">.
export function formatted(text) {
  const root = el('div', 'formatted');
  for (const part of fencedParts(String(text ?? ''))) {
    if (part.code) root.append(el('pre', 'mono', [part.text]));
    else root.append(...blockNodes(part.text));
  }
  return root;
}
