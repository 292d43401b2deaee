// Asks at once for what the first view renders, or takes the answers the page already holds:
// it imports only api.js, so in inbox.js (the modules joined, each after what it imports) it
// runs second, before the views' code has run; the views get those answers from api.get. Also
// the route in the hash and the open thread's first page, shared with them.

import { preanswer, prefetch, withQuery } from './api.js';

export const VIEWS = ['conversations', 'templates', 'events', 'requests', 'faults'];
export const THREAD_PAGE = 100;

export function parseRoute(hash = location.hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const view = VIEWS.includes(parts[0]) ? parts[0] : 'conversations';
  return { view, phoneNumberId: parts[1], customer: parts[2] };
}

export const digits = (text) => String(text ?? '').replace(/\D/g, '');

// The newest page of a thread (the call of its first render and of polling).
export const threadPath = (phoneNumberId, customer) =>
  withQuery('messages', { phoneNumberId, customer: digits(customer), order: 'desc', limit: THREAD_PAGE });

// The answers the server rendered the page's first view from, when it did (first_view.h).
function firstViewData() {
  const holder = document.getElementById('first-view-data');
  if (!holder) return {};
  try {
    return JSON.parse(holder.textContent);
  } catch {
    return {};
  }
}

performance.mark('socialite:boot');
const first = parseRoute();
const held = firstViewData();
const ask = (path) => (held[path] ? preanswer(path, held[path]) : prefetch(path));
prefetch('clock'); // asked afresh: a running clock has moved since the page was rendered
if (first.view === 'conversations') {
  ask('accounts');
  ask('conversations');
  if (first.phoneNumberId && first.customer) prefetch(threadPath(first.phoneNumberId, first.customer));
}
