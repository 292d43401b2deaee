// The inbox page's entry point: the views behind a hash router (#/conversations,
// #/templates, #/events, #/requests, #/faults), the clock in the top bar, the live stream
// (polling when the server has none), and the toasts.

import { api } from './api.js';
import { VIEWS, parseRoute } from './boot.js';
import { ConversationsView } from './conversations.js';
import { clockDateTime, debounce, h } from './dom.js';
import { renderEvents, renderFaults, renderRequests, renderTemplates } from './steering.js';
import { LiveStream } from './stream.js';

const POLL_MS = 1500;

const app = {
  clock: { mode: 'system', nowMillis: Date.now(), fetchedAt: Date.now() },
  view: null,

  // Now on the simulation clock: a manual clock stands still, the system one runs.
  now() {
    const c = this.clock;
    return c.mode === 'manual' ? c.nowMillis : c.nowMillis + (Date.now() - c.fetchedAt);
  },

  setClock(view) {
    const nowMillis = view.nowMillis ?? view.nowMs;
    if (typeof nowMillis !== 'number') return;
    this.clock = { mode: view.mode ?? this.clock.mode, nowMillis, fetchedAt: Date.now() };
    renderClock();
  },

  toast(text) {
    const region = document.getElementById('toasts');
    const note = h('div.toast', null, text);
    region.append(note);
    setTimeout(() => note.remove(), 5000);
  },
};

const conversations = new ConversationsView(app);

function renderClock() {
  const el = document.getElementById('clock');
  el.textContent = `${clockDateTime(app.now())} UTC`;
  el.title = app.clock.mode === 'manual' ? 'Manual clock: moves only when advanced' : 'Simulation clock (system)';
  el.dataset.mode = app.clock.mode;
}

async function renderView(view) {
  const root = document.getElementById(`view-${view}`);
  if (view === 'conversations') return;
  if (view === 'templates') await renderTemplates(root, app);
  else if (view === 'events') await renderEvents(root, app, { state: root.dataset.state, kind: root.dataset.kind });
  else if (view === 'requests') await renderRequests(root, app);
  else if (view === 'faults') await renderFaults(root, app);
}

async function route() {
  const target = parseRoute();
  app.view = target.view;
  for (const view of VIEWS) {
    document.getElementById(`view-${view}`).hidden = view !== target.view;
    const link = document.querySelector(`nav a[data-view="${view}"]`);
    if (view === target.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    if (target.view === 'conversations') await conversations.show(target);
    else await renderView(target.view);
  } catch (error) {
    app.toast(`Could not load ${target.view}: ${error.message}`);
  }
}

// The view on screen follows what the stream says, quietly and at most every 300 ms.
const refreshSteering = debounce(() => {
  const view = app.view;
  if (view === 'conversations') return;
  // Keep open details rows open: only the events and requests lists refresh on their own.
  const root = document.getElementById(`view-${view}`);
  if (root.querySelector('tr.detail:not([hidden])') || root.contains(document.activeElement)) return;
  renderView(view).catch(() => {});
}, 300);

// Reads again what the stream would have told: every tick while polling, and once when the
// stream first connects, for what happened between the page's data and the stream's start.
function catchUp() {
  api.get('clock').then((clock) => app.setClock(clock), () => {});
  conversations.poll().catch(() => {});
  if (app.view !== 'conversations') refreshSteering();
}

function onLive(type, data) {
  if (type === 'hello') {
    if (!app.caughtUp) catchUp();
    app.caughtUp = true; // later connections resume from the last frame (or get a resync)
    return;
  }
  if (type === 'reset' || type === 'resync') {
    conversations.reload().catch(() => {});
    refreshSteering();
    return;
  }
  if (type === 'clock') app.setClock({ ...data, mode: 'manual', nowMillis: data.nowMs ?? data.nowMillis });
  conversations.onLive(type, data);
  const steering = { event: ['events'], request: ['requests'], template: ['templates'], clock: ['faults', 'events'], status: ['events'], inbound: ['events'], message: ['events', 'requests'] };
  if ((steering[type] ?? []).includes(app.view)) refreshSteering();
}

function setConnection(state) {
  const el = document.getElementById('connection');
  el.dataset.state = state;
  el.textContent = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', polling: 'polling' }[state] ?? state;
  if (state === 'polling' && !app.polling) {
    app.polling = setInterval(catchUp, POLL_MS);
  }
}

async function start() {
  performance.mark('socialite:start');
  window.addEventListener('hashchange', route);
  // Asked for by boot.js alongside the view's data; the views wait for it before they render.
  app.clockReady = api.get('clock').then(
    (clock) => app.setClock(clock),
    (error) => app.toast(`No clock: ${error.message}`),
  );
  setInterval(renderClock, 1000);
  await route();
  document.getElementById('main').inert = false; // the script's own nodes are in place now
  document.documentElement.dataset.ready = 'true';
  performance.mark('socialite:ready');
  // The server's page marks its first view itself when it rendered what the route shows.
  if (!performance.getEntriesByName('socialite:first-render').length) performance.mark('socialite:first-render');
  const stream = new LiveStream({ onEvent: onLive, onState: setConnection });
  stream.start();
  window.socialiteInbox = { stream, app, conversations };
}

start();
