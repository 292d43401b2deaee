// Small DOM and time helpers shared by the views. Data only ever becomes text nodes or
// attribute values, never markup.

// h('div.a.b', {attr: value, onclick: fn}, child, ...): an element; children are nodes, strings
// or arrays of them; null/undefined/false children are skipped.
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const node = document.createElement(tag || 'div');
  if (classes.length) node.className = classes.join(' ');
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key in node && typeof value !== 'string') node[key] = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

// Milliseconds of a message time: the `...Ms` field when the server gives it, else parsed.
export function millisOf(ms, rfc3339) {
  if (typeof ms === 'number') return ms;
  const parsed = Date.parse(rfc3339 || '');
  return Number.isNaN(parsed) ? 0 : parsed;
}

const pad = (n) => String(n).padStart(2, '0');

// "14:05" on the simulation clock (UTC, as every time the server shows).
export function clockTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

// "2026-01-01 14:05:09"
export function clockDateTime(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clockTime(ms)}:${pad(d.getUTCSeconds())}`;
}

export function clockDate(ms) {
  return clockDateTime(ms).slice(0, 10);
}

// "3 h 12 min", "45 s": a duration for humans.
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

// Pretty JSON of a value, with AWS's whatsAppWebhookEntry string shown parsed.
export function prettyJson(value) {
  return JSON.stringify(
    value,
    (key, v) => {
      if (key === 'whatsAppWebhookEntry' && typeof v === 'string') {
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      }
      return v;
    },
    2,
  );
}

// Calls `fn` once after `ms` of quiet, however often it is asked to.
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
