// The steering views: templates (status, review), the event log (attempts, destination,
// payload, replay), the request journal, fault rules and the clock.

import { ApiError, api, withQuery } from './api.js';
import { clockDateTime, h, millisOf, prettyJson } from './dom.js';

const REVIEW_STATUSES = ['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'];
const REPLAYABLE = new Set(['delivered', 'dead', 'undeliverable']);
const ERRORS = [
  'ThrottledRequestException',
  'InternalServiceException',
  'AccessDeniedException',
  'ValidationException',
  'InvalidParametersException',
  'ResourceNotFoundException',
  'DependencyException',
  'LimitExceededException',
];

function badge(text) {
  return h(`span.badge.b-${String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, null, text);
}

function when(rfc3339) {
  const ms = millisOf(undefined, rfc3339);
  return ms ? h('time', { datetime: rfc3339, title: rfc3339 }, clockDateTime(ms)) : '';
}

// A row that opens a detail row below it (keyboard: the toggle is a button).
function expandable(cells, detail, label) {
  const detailRow = h('tr.detail', { hidden: true }, h('td', { colspan: String(cells.length + 1) }, detail));
  const toggle = h('button.expand', { type: 'button', 'aria-expanded': 'false', 'aria-label': label }, '▸');
  toggle.addEventListener('click', () => {
    detailRow.hidden = !detailRow.hidden;
    toggle.setAttribute('aria-expanded', String(!detailRow.hidden));
    toggle.textContent = detailRow.hidden ? '▸' : '▾';
  });
  return [h('tr', null, h('td', null, toggle), cells.map((c) => h('td', null, c))), detailRow];
}

// A control with its visible label above it (the label is its accessible name).
function labelled(text, control) {
  control.removeAttribute('aria-label');
  return h('label.field', null, h('span.field-label', null, text), control);
}

// A long id cut to its start, an ARN to its last part; the whole of it on hover.
function shortened(text, keep = 8) {
  if (!text) return '—';
  const colon = text.lastIndexOf(':');
  const shown = colon !== -1 ? `…${text.slice(colon + 1)}` : text.length > keep + 1 ? `${text.slice(0, keep)}…` : text;
  return h('span.short', { title: text }, shown);
}

function table(headers, rows, empty) {
  if (rows.length === 0) return h('p.empty', null, empty);
  return h('table.grid', null, h('thead', null, h('tr', null, h('th', null, ''), headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', null, rows));
}

async function orMissing(load, what) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { missing: `${what}: ${error.message}` };
    throw error;
  }
}

// --- templates -------------------------------------------------------------------------------

export async function renderTemplates(root, app) {
  const data = await orMissing(() => api.get('templates'), 'Templates are not listed by this server');
  if (data.missing) return root.replaceChildren(h('p.empty', null, data.missing));
  const rows = (data.templates ?? []).map((t) => {
    const status = h('select', { 'aria-label': `Review status for ${t.name}` }, REVIEW_STATUSES.map((s) => h('option', { value: s, selected: s === t.status }, s)));
    const reason = h('input', { type: 'text', placeholder: 'reason', 'aria-label': `Reason for ${t.name}`, size: 10 });
    const review = h('form.inline', {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api.post(`templates/${encodeURIComponent(t.metaTemplateId)}/review`, { status: status.value, ...(reason.value ? { reason: reason.value } : {}) });
          app.toast(`${t.name}: ${status.value}`);
          await renderTemplates(root, app);
        } catch (error) {
          app.toast(`Review failed: ${error.message}`);
        }
      },
    }, status, reason, h('button', { type: 'submit' }, 'Review'));
    return expandable(
      [h('strong', null, t.name), t.language, t.category, badge(t.status), t.qualityScore ?? '', t.rejectedReason ?? '', when(t.createdAt), review],
      h('pre.json', null, prettyJson(t.components ?? [])),
      `Components of ${t.name}`,
    );
  });
  root.replaceChildren(
    h('div.view-head', null, h('h2', null, 'Templates'), h('span.sub', null, `${rows.length} template${rows.length === 1 ? '' : 's'}`)),
    table(['Name', 'Language', 'Category', 'Status', 'Quality', 'Rejected', 'Created', 'Review'], rows, 'No templates yet.'),
  );
}

// --- events ----------------------------------------------------------------------------------

const SHOWN_EVENTS = 200;

export async function renderEvents(root, app, filters = {}) {
  const state = filters.state ?? '';
  const kind = filters.kind ?? '';
  const { events = [] } = await api.get(withQuery('events', { state, kind, order: 'desc', limit: SHOWN_EVENTS }));
  const rows = events.map((e) => {
    const replay = REPLAYABLE.has(e.deliveryState)
      ? h('button', {
          type: 'button',
          'aria-label': `Replay event ${e.id}`,
          onclick: async () => {
            try {
              await api.post(`events/${encodeURIComponent(e.id)}/replay`);
              app.toast(`Event ${e.id} replayed`);
              await renderEvents(root, app, { state, kind });
            } catch (error) {
              app.toast(`Replay failed: ${error.message}`);
            }
          },
        }, 'Replay')
      : '';
    const attempts = (e.deliveries ?? []).map((d) =>
      h('li', null, `#${d.attempt} ${d.at} · ${d.delivery ?? ''} · ${d.target} · ${d.delivered ? 'delivered' : 'failed'} · HTTP ${d.httpStatus}`, d.detail ? h('span.detail-text', null, ` · ${d.detail}`) : ''),
    );
    const detail = h(
      'div.event-detail',
      null,
      h('h3', null, 'Attempts'),
      attempts.length ? h('ol.attempts', null, attempts) : h('p', null, 'No attempt yet.'),
      e.lastError ? h('p.error-text', null, e.lastError) : null,
      h('h3', null, 'Payload'),
      h('pre.json', null, prettyJson(e.envelope)),
    );
    return expandable(
      [shortened(String(e.id)), e.kind, e.status ?? '', badge(e.deliveryState), String(e.attempts ?? 0), shortened(e.destination), e.wamid ? shortened(e.wamid, 14) : '', when(e.occurredAt), replay],
      detail,
      `Details of event ${e.id}`,
    );
  });
  const stateSelect = h(
    'select',
    { 'aria-label': 'Delivery state', onchange: (event) => renderEvents(root, app, { state: event.target.value, kind }) },
    ['', 'pending', 'retrying', 'delivered', 'dead', 'undeliverable'].map((s) => h('option', { value: s, selected: s === state }, s || 'any state')),
  );
  const kindSelect = h(
    'select',
    { 'aria-label': 'Kind', onchange: (event) => renderEvents(root, app, { state, kind: event.target.value }) },
    ['', 'status', 'inbound', 'template_status', 'template_quality', 'flow_status'].map((k) => h('option', { value: k, selected: k === kind }, k || 'any kind')),
  );
  root.dataset.state = state;
  root.dataset.kind = kind;
  root.replaceChildren(
    h('div.view-head', null, h('h2', null, 'Events'), stateSelect, kindSelect, h('span.sub', null, `${events.length} shown, newest first`)),
    table(['Id', 'Kind', 'Status', 'Delivery', 'Attempts', 'Destination', 'Message', 'Occurred', ''], rows, 'No events.'),
  );
}

// --- requests --------------------------------------------------------------------------------

export async function renderRequests(root, app) {
  const data = await orMissing(() => api.get(withQuery('requests', { limit: 200 })), 'The request journal is off');
  if (data.missing) return root.replaceChildren(h('p.empty', null, data.missing));
  const rows = (data.requests ?? []).map((r) =>
    expandable(
      [when(r.time), h('strong', null, r.operation || '—'), `${r.method} ${r.path}`, badge(String(r.status)), r.error ? `${r.error.type}: ${r.error.message}` : ''],
      h('pre.json', null, prettyJson({ requestId: r.requestId, account: r.account, region: r.region, input: r.input })),
      `Input of request ${r.requestId}`,
    ),
  );
  const clear = h('button', {
    type: 'button',
    onclick: async () => {
      await api.del('requests');
      await renderRequests(root, app);
    },
  }, 'Clear journal');
  root.replaceChildren(
    h('div.view-head', null, h('h2', null, 'Requests'), h('span.sub', null, `${rows.length} newest API requests`), clear),
    table(['Time', 'Operation', 'Request', 'Status', 'Error'], rows, 'No API requests yet.'),
  );
}

// --- faults and clock ------------------------------------------------------------------------

const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

export async function renderFaults(root, app) {
  const [clock, faults, rules] = await Promise.all([
    api.get('clock'),
    orMissing(() => api.get('faults'), 'Fault injection is off'),
    orMissing(() => api.get('rules'), 'No status rules'),
  ]);
  const manual = clock.mode === 'manual';
  const amount = h('input', { type: 'number', min: '0', step: 'any', value: '60', 'aria-label': 'Amount to advance', required: true });
  const unit = h('select', { 'aria-label': 'Unit' }, Object.keys(UNITS).map((u) => h('option', { value: u, selected: u === 'seconds' }, u)));
  const advance = h(
    'form.inline.fields',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const seconds = Number(amount.value) * UNITS[unit.value];
        try {
          const after = await api.post('clock/advance', { seconds });
          app.setClock(after);
          app.toast(`Clock advanced ${seconds} s; ${after.eventsFinished ?? 0} events finished`);
          await renderFaults(root, app);
        } catch (error) {
          app.toast(`Advance failed: ${error.message}`);
        }
      },
    },
    labelled('Amount to advance', amount),
    labelled('Unit', unit),
    h('button', { type: 'submit', disabled: !manual }, 'Advance'),
  );
  const clockSection = h(
    'section.card',
    { 'aria-labelledby': 'clock-title' },
    h('h2', { id: 'clock-title' }, 'Clock'),
    h('p', null, h('strong.clock-now', null, clock.now), ' · ', badge(clock.mode)),
    manual ? advance : h('p.sub', null, 'The clock follows real time; start the server with --clock manual to move it by hand.'),
  );

  const faultSection = h('section.card', { 'aria-labelledby': 'faults-title' }, h('h2', { id: 'faults-title' }, 'Fault rules'));
  if (faults.missing) {
    faultSection.append(h('p.empty', null, faults.missing));
  } else {
    const list = faults.rules ?? [];
    faultSection.append(
      list.length
        ? h(
            'table.grid',
            null,
            h('thead', null, h('tr', null, ['Operation', 'Error', 'Next calls', 'Probability', 'Latency', 'Fired'].map((x) => h('th', { scope: 'col' }, x)))),
            h(
              'tbody',
              null,
              list.map((r) => h('tr', null, [r.operation, r.error ?? '—', r.remainingCalls ?? '∞', r.probability ?? '', r.latencyMs ? `${r.latencyMs} ms` : '', String(r.fired ?? 0)].map((c) => h('td', null, String(c))))),
            ),
          )
        : h('p.empty', null, 'No fault rules: every call behaves.'),
    );
    const operation = h('input', { type: 'text', value: 'SendWhatsAppMessage', 'aria-label': 'Operation (glob)', required: true });
    const error = h('select', { 'aria-label': 'Error' }, h('option', { value: '' }, 'no error (latency only)'), ERRORS.map((e) => h('option', { value: e }, e)));
    const nextCalls = h('input', { type: 'number', min: '1', placeholder: 'all', 'aria-label': 'Next calls' });
    const latency = h('input', { type: 'number', min: '0', placeholder: '0', 'aria-label': 'Latency (ms)' });
    const add = h(
      'form.inline.fields',
      {
        onsubmit: async (event) => {
          event.preventDefault();
          const rule = { operation: operation.value };
          if (error.value) rule.error = error.value;
          if (nextCalls.value) rule.nextCalls = Number(nextCalls.value);
          if (latency.value) rule.latencyMs = Number(latency.value);
          const keep = list.map(({ id, fired, remainingCalls, ...r }) => ({ ...r, ...(remainingCalls !== undefined ? { nextCalls: remainingCalls } : {}) }));
          try {
            await api.put('faults', { rules: [...keep, rule] });
            await renderFaults(root, app);
          } catch (failure) {
            app.toast(`Not added: ${failure.message}`);
          }
        },
      },
      labelled('Operation (glob)', operation),
      labelled('Error', error),
      labelled('Next calls', nextCalls),
      labelled('Latency (ms)', latency),
      h('button', { type: 'submit' }, 'Add rule'),
    );
    const clear = h('button', { type: 'button', onclick: async () => (await api.del('faults'), renderFaults(root, app)) }, 'Clear rules');
    faultSection.append(h('h3', null, 'Add a rule'), add, h('div.row-actions', null, clear));
  }

  const ruleSection = h('section.card', { 'aria-labelledby': 'rules-title' }, h('h2', { id: 'rules-title' }, 'Status rules'));
  const statusRules = rules.rules ?? [];
  ruleSection.append(
    rules.missing
      ? h('p.empty', null, rules.missing)
      : statusRules.length
        ? h('pre.json', null, prettyJson(statusRules))
        : h('p.empty', null, 'No status rules: every message goes sent → delivered → read at --status-delays (PUT /_socialite/rules to change that).'),
  );
  root.replaceChildren(clockSection, faultSection, ruleSection);
}
