// Asks at once for what the first view renders: it imports only api.js, so in inbox.js (the
// modules joined, each after what it imports) it runs second, before the views' code has run;
// the views get those answers from api.get. Also the route in the hash and the open thread's
// first page, shared with them.

import { prefetch, withQuery } from './api.js';

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

performance.mark('socialite:boot');
const first = parseRoute();
prefetch('clock');
if (first.view === 'conversations') {
  prefetch('accounts');
  prefetch('conversations');
  if (first.phoneNumberId && first.customer) prefetch(threadPath(first.phoneNumberId, first.customer));
}
