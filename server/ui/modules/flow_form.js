// A WhatsApp Flow as the customer sees it: the screens of its Flow JSON rendered as a form
// (text components, inputs, selections, dates, opt-ins, photo and document pickers, the
// footer button). Navigation goes
// screen to screen; the complete action (or a data_exchange one, since no business endpoint
// is called) resolves its payload from the entered values and hands it to `onComplete`.

import { h } from './dom.js';
import { formatted } from './formatting.js';

const REF_RE = /\$\{([^}]+)\}/g;
const MAX_DEPTH = 8;
const PHOTO_TYPES = ['image/jpeg', 'image/png'];

// Example values of a screen's `data` declaration, overlaid by the data it was opened with.
function screenData(screen, given) {
  const data = {};
  for (const [key, decl] of Object.entries(screen?.data ?? {})) {
    if (decl && typeof decl === 'object' && '__example__' in decl) data[key] = decl.__example__;
  }
  return { ...data, ...(given ?? {}) };
}

class FlowRun {
  constructor(flowJson, { screen, data, onComplete, onClose, dialog }) {
    this.flow = flowJson ?? {};
    this.screens = Array.isArray(this.flow.screens) ? this.flow.screens : [];
    this.onComplete = onComplete;
    this.onClose = onClose;
    this.dialog = dialog;
    this.history = [];
    this.values = {}; // every screen's entered values, by screen id
    const first = this.find(screen) ?? this.screens[0];
    this.show(first, data);
  }

  find(id) {
    return this.screens.find((s) => s.id === id);
  }

  // A reference such as "data.x", "form.y", "screen.A.form.z" to its value.
  lookup(path) {
    const parts = path.trim().split('.');
    let root;
    if (parts[0] === 'data') root = this.data;
    else if (parts[0] === 'form') root = this.currentValues();
    else if (parts[0] === 'screen' && parts.length > 2) {
      const id = parts[1];
      root = parts[2] === 'form' ? this.values[id] : screenData(this.find(id), null);
      parts.splice(0, 2);
    } else return undefined;
    let value = root;
    for (const key of parts.slice(1)) value = value == null ? undefined : value[key];
    return value;
  }

  // A value of the Flow JSON with its ${...} references resolved: a whole-reference string
  // keeps the referenced value's kind; references inside text become text.
  resolve(value) {
    if (typeof value === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(value.trim());
      if (whole) return this.lookup(whole[1]);
      return value.replace(REF_RE, (_, path) => {
        const v = this.lookup(path);
        return v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      });
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
    }
    return value;
  }

  // A condition of an If: a reference (truthy), a negated one, or "a == b" / "a != b".
  holds(condition) {
    const text = String(condition ?? '').replace(/^\(|\)$/g, '').trim();
    const compare = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(text);
    const literal = (t) => {
      const r = this.resolve(t.trim());
      if (typeof r !== 'string') return r;
      try {
        return JSON.parse(r.replace(/^'(.*)'$/, '"$1"'));
      } catch {
        return r;
      }
    };
    if (compare) {
      const same = JSON.stringify(literal(compare[1])) === JSON.stringify(literal(compare[3]));
      return compare[2] === '==' ? same : !same;
    }
    if (text.startsWith('!')) return !literal(text.slice(1));
    const v = literal(text);
    return Array.isArray(v) ? v.length > 0 : Boolean(v);
  }

  currentValues() {
    const values = {};
    if (!this.form) return values;
    for (const field of this.form.querySelectorAll('[data-field]')) {
      const name = field.dataset.field;
      const kind = field.dataset.kind;
      if (kind === 'checkboxes') {
        values[name] = [...field.querySelectorAll('input:checked')].map((i) => i.value);
      } else if (kind === 'radios') {
        const checked = field.querySelector('input:checked');
        if (checked) values[name] = checked.value;
      } else if (kind === 'optin') {
        values[name] = field.checked;
      } else if (kind === 'files') {
        if (field.files.length) values[name] = [...field.files]; // uploaded when the flow completes
      } else if (field.value !== '') {
        values[name] = field.value;
      }
    }
    return values;
  }

  show(screen, data) {
    this.screen = screen;
    this.data = screenData(screen, data);
    this.form = h('form.flow-screen');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    const title = this.resolve(screen?.title ?? '');
    const back = h(
      'button.flow-back',
      { type: 'button', 'aria-label': 'Back', hidden: this.history.length === 0, onclick: () => this.back() },
      '←',
    );
    const close = h('button.flow-close', { type: 'button', 'aria-label': 'Close', onclick: () => this.close() }, '✕');
    const header = h('div.flow-header', null, back, h('h2', { id: 'flow-title' }, title || 'Form'), close);
    const body = h('div.flow-body');
    if (!screen) body.append(h('p', null, 'This flow has no screens.'));
    else this.renderChildren(screen.layout?.children ?? [], body, 0);
    // The Footer sits below the scrolling body, as on a phone. A screen without one still
    // needs a way on: completing is what a terminal screen does.
    const footer = body.querySelector('.flow-footer') ?? this.footer({ label: 'Submit', 'on-click-action': { name: 'complete' } });
    this.form.append(header, body, footer);
    this.dialog.replaceChildren(this.form);
    this.form.querySelector('input, select, textarea, button.flow-submit')?.focus();
  }

  renderChildren(children, into, depth) {
    if (depth > MAX_DEPTH || !Array.isArray(children)) return;
    for (const component of children) {
      const node = this.component(component, depth);
      if (node) into.append(node);
    }
  }

  // Init value of a field: the Form's init-values, else the component's own.
  initial(component) {
    if (this.initValues && component.name in this.initValues) return this.resolve(this.initValues[component.name]);
    return this.resolve(component['init-value']);
  }

  options(component) {
    const source = this.resolve(component['data-source']);
    return Array.isArray(source) ? source.filter((o) => o && typeof o === 'object') : [];
  }

  field(component, control, extra = []) {
    const id = `flow-${this.screen?.id}-${component.name}`;
    control.id = id;
    const label = this.resolve(component.label ?? component.name ?? '');
    return h(
      'div.flow-field',
      null,
      h('label', { for: id }, label, component.required ? h('span.required', { 'aria-hidden': 'true' }, ' *') : null),
      control,
      extra,
      component['helper-text'] ? h('div.helper', null, this.resolve(component['helper-text'])) : null,
    );
  }

  group(component, kind, inputType) {
    const name = component.name;
    const init = this.initial(component);
    const legend = this.resolve(component.label ?? name);
    const box = h('fieldset.flow-group', { dataset: { field: name, kind } }, h('legend', null, legend, component.required ? ' *' : ''));
    for (const option of this.options(component)) {
      const checked = Array.isArray(init) ? init.includes(option.id) : init === option.id;
      box.append(
        h(
          'label.flow-option',
          null,
          h('input', { type: inputType, name: `${this.screen?.id}-${name}`, value: option.id, checked, disabled: option.enabled === false }),
          h('span', null, this.resolve(option.title)),
          option.description ? h('span.option-description', null, this.resolve(option.description)) : null,
        ),
      );
    }
    return box;
  }

  component(c, depth) {
    if (!c || typeof c !== 'object') return null;
    if (c.visible !== undefined && !this.holds(c.visible)) return null;
    const text = (key = 'text') => {
      const v = this.resolve(c[key]);
      return Array.isArray(v) ? v.join('\n') : String(v ?? '');
    };
    switch (c.type) {
      case 'Form': {
        this.initValues = this.resolve(c['init-values']) ?? {};
        const box = h('div.flow-form');
        this.renderChildren(c.children, box, depth + 1);
        return box;
      }
      case 'TextHeading':
        return h('h3.flow-heading', null, text());
      case 'TextSubheading':
        return h('h4.flow-subheading', null, text());
      case 'TextBody':
        return h('div.flow-text', null, formatted(text()));
      case 'TextCaption':
        return h('div.flow-caption', null, text());
      case 'RichText':
        return h('div.flow-text', null, formatted(text()));
      case 'TextInput': {
        const types = { number: 'number', email: 'email', password: 'password', phone: 'tel', passcode: 'password' };
        const input = h('input', {
          type: types[c['input-type']] ?? 'text',
          required: Boolean(c.required),
          minlength: c['min-chars'],
          maxlength: c['max-chars'],
          value: this.initial(c) ?? undefined,
          dataset: { field: c.name, kind: 'text' },
        });
        return this.field(c, input);
      }
      case 'TextArea': {
        const area = h('textarea', { required: Boolean(c.required), maxlength: c['max-length'], rows: 3, dataset: { field: c.name, kind: 'text' } });
        area.value = this.initial(c) ?? '';
        return this.field(c, area);
      }
      case 'Dropdown': {
        const init = this.initial(c);
        const select = h(
          'select',
          { required: Boolean(c.required), dataset: { field: c.name, kind: 'select' } },
          h('option', { value: '' }, 'Select…'),
          this.options(c).map((o) => h('option', { value: o.id, selected: o.id === init }, this.resolve(o.title))),
        );
        return this.field(c, select);
      }
      case 'RadioButtonsGroup':
        return this.group(c, 'radios', 'radio');
      case 'CheckboxGroup':
      case 'ChipsSelector':
        return this.group(c, 'checkboxes', 'checkbox');
      case 'DatePicker':
      case 'CalendarPicker': {
        const input = h('input', {
          type: 'date',
          required: Boolean(c.required),
          min: this.resolve(c['min-date']),
          max: this.resolve(c['max-date']),
          value: this.initial(c) ?? undefined,
          dataset: { field: c.name, kind: 'date' },
        });
        return this.field(c, input);
      }
      case 'OptIn': {
        const id = `flow-${this.screen?.id}-${c.name}`;
        return h(
          'div.flow-optin',
          null,
          h('input', { type: 'checkbox', id, required: Boolean(c.required), checked: Boolean(this.initial(c)), dataset: { field: c.name, kind: 'optin' } }),
          h('label', { for: id }, text('label')),
        );
      }
      case 'PhotoPicker':
      case 'DocumentPicker':
        return this.picker(c);
      case 'EmbeddedLink':
        return h('button.flow-link', { type: 'button', onclick: () => this.act(c['on-click-action']) }, text());
      case 'Image': {
        const src = this.resolve(c.src);
        if (typeof src !== 'string' || !src) return null;
        return h('img.flow-image', { src: src.startsWith('data:') ? src : `data:image/png;base64,${src}`, alt: this.resolve(c['alt-text']) ?? '' });
      }
      case 'If': {
        const branch = this.holds(c.condition) ? c.then : c.else;
        const box = h('div.flow-if');
        this.renderChildren(branch ?? [], box, depth + 1);
        return box;
      }
      case 'Switch': {
        const value = this.resolve(c.value);
        const box = h('div.flow-switch');
        this.renderChildren(c.cases?.[value] ?? [], box, depth + 1);
        return box;
      }
      case 'NavigationList':
        return h(
          'div.flow-navlist',
          null,
          (this.resolve(c['list-items']) ?? []).map((item) =>
            h(
              'button.list-row',
              { type: 'button', onclick: () => this.act(item['on-click-action'] ?? c['on-click-action']) },
              h('span.row-title', null, item['main-content']?.title ?? item.id),
              item['main-content']?.description ? h('span.row-description', null, item['main-content'].description) : null,
            ),
          ),
        );
      case 'Footer':
        return this.footer(c);
      default:
        return h('div.flow-unsupported', null, `(${c.type ?? 'component'} is not shown here)`);
    }
  }

  // PhotoPicker and DocumentPicker: a file input bounded as the component says (how many
  // files, how large, which types); the chosen files are the field's value.
  picker(c) {
    const photos = c.type === 'PhotoPicker';
    const noun = photos ? 'photos' : 'documents';
    const min = Number(this.resolve(c[`min-uploaded-${noun}`]) ?? 0);
    const max = Number(this.resolve(c[`max-uploaded-${noun}`]) ?? 30);
    const maxKb = Number(this.resolve(c['max-file-size-kb']) ?? 25600);
    const types = photos ? PHOTO_TYPES : this.resolve(c['allowed-mime-types']);
    const input = h('input', {
      type: 'file',
      multiple: max > 1,
      accept: Array.isArray(types) && types.length ? types.join(',') : undefined,
      dataset: { field: c.name, kind: 'files' },
    });
    const check = () => {
      const files = [...input.files];
      const large = files.find((f) => f.size > maxKb * 1024);
      input.setCustomValidity(
        files.length < min ? `Choose at least ${min} ${noun}.` : files.length > max ? `Choose at most ${max} ${noun}.` : large ? `${large.name} is larger than ${maxKb} KB.` : '',
      );
    };
    input.addEventListener('change', check);
    check();
    return this.field({ ...c, required: min > 0, 'helper-text': c.description }, input);
  }

  footer(c) {
    return h(
      'div.flow-footer',
      null,
      c['left-caption'] || c['center-caption'] ? h('div.flow-caption', null, this.resolve(c['left-caption'] ?? c['center-caption'])) : null,
      h('button.flow-submit', { type: 'button', onclick: () => this.act(c['on-click-action']) }, this.resolve(c.label ?? 'Continue')),
    );
  }

  act(action) {
    if (!action || typeof action !== 'object') return;
    const name = action.name;
    if ((name === 'navigate' || name === 'complete' || name === 'data_exchange') && !this.form.reportValidity()) return;
    if (name === 'navigate') {
      this.values[this.screen.id] = this.currentValues();
      const next = this.find(action.next?.name);
      if (!next) return;
      this.history.push({ screen: this.screen, data: this.data });
      this.show(next, this.resolve(action.payload ?? {}));
    } else if (name === 'complete' || name === 'data_exchange') {
      this.values[this.screen.id] = this.currentValues();
      let response = this.resolve(action.payload ?? null);
      if (!response || typeof response !== 'object' || Object.keys(response).length === 0) {
        response = Object.assign({}, ...Object.values(this.values));
      }
      this.onComplete(response);
    } else if (name === 'update_data') {
      this.data = { ...this.data, ...this.resolve(action.payload ?? {}) };
      this.show(this.screen, this.data);
    }
  }

  back() {
    const previous = this.history.pop();
    if (previous) this.show(previous.screen, previous.data);
  }

  close() {
    this.onClose();
  }
}

// Opens `dialog` with the flow. `start`: {screen, data} from the flow message's
// flow_action_payload; `onComplete(response)` sends the completion (picked files are File
// objects in it).
export function openFlowForm(dialog, flowJson, start, onComplete) {
  const close = () => dialog.close();
  const run = new FlowRun(flowJson, { ...start, dialog, onClose: close, onComplete });
  dialog.showModal();
  return run;
}
