// Admin API calls: JSON in and out, with the admin token asked for once when a call answers
// 401, kept in sessionStorage and sent as x-socialite-admin-token on every later call.

const TOKEN_KEY = 'socialite.adminToken';
const BASE = '/_socialite/';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let asking = null; // the one pending token prompt, shared by every call that got a 401

export function adminToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function authHeaders() {
  const token = adminToken();
  return token ? { 'x-socialite-admin-token': token } : {};
}

// Resolves once the body is parsed (a call made by boot.js may answer before the dialog exists).
function bodyParsed() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

// Shows the token dialog and resolves once a token was entered. Concurrent callers share it.
function askForToken(wrong) {
  asking ??= bodyParsed().then(() => promptForToken(wrong));
  return asking;
}

function promptForToken(wrong) {
  const dialog = document.getElementById('token-dialog');
  const form = dialog.querySelector('form');
  const input = dialog.querySelector('input');
  dialog.querySelector('.token-error').hidden = !wrong;
  input.value = '';
  const answered = new Promise((resolve) => {
    const done = (event) => {
      event.preventDefault();
      if (!input.value) return;
      sessionStorage.setItem(TOKEN_KEY, input.value);
      form.removeEventListener('submit', done);
      dialog.close();
      asking = null;
      resolve();
    };
    form.addEventListener('submit', done);
    dialog.addEventListener('cancel', (event) => event.preventDefault(), { once: true });
  });
  dialog.showModal();
  input.focus();
  return answered;
}

// Waits for an open prompt, if any (the stream waits here before connecting again).
export function tokenPrompt() {
  return asking;
}

async function send(path, { method = 'GET', body, raw = false } = {}) {
  let sentToken = adminToken();
  for (;;) {
    if (asking) await asking; // another call is asking: wait for its answer, do not ask twice
    sentToken = adminToken();
    const headers = authHeaders();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      // A token changed meanwhile by another call's prompt: just retry with it.
      if (adminToken() !== sentToken) continue;
      await askForToken(Boolean(sentToken));
      continue;
    }
    if (raw) {
      if (!response.ok) throw new ApiError(response.status, `${method} ${path}: ${response.status}`);
      return response;
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const message = (json && (json.error || json.message)) || text || `HTTP ${response.status}`;
      throw new ApiError(response.status, message, json);
    }
    return json;
  }
}

// GETs asked for before their view needs them (boot.js): path -> the pending answer, taken once.
const early = new Map();

export function prefetch(path) {
  const answer = send(path);
  answer.catch(() => {}); // the view that takes it sees the failure
  early.set(path, answer);
}

// An answer the page already holds (the server's first view carries its data): taken once,
// like a prefetched one.
export function preanswer(path, value) {
  early.set(path, Promise.resolve(value));
}

function takeEarly(path) {
  const answer = early.get(path);
  early.delete(path);
  return answer;
}

export const api = {
  get: (path) => takeEarly(path) ?? send(path),
  post: (path, body = {}) => send(path, { method: 'POST', body }),
  put: (path, body) => send(path, { method: 'PUT', body }),
  del: (path) => send(path, { method: 'DELETE' }),
  raw: (path) => send(path, { raw: true }),
};

// Builds "path?a=1&b=2" from the defined members of `query`.
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// Media bytes as an object URL (media needs the token too, so no plain <img src>). Cached.
const mediaUrls = new Map();
export function mediaUrl(mediaId) {
  if (!mediaUrls.has(mediaId)) {
    const loading = api
      .raw(`media/${encodeURIComponent(mediaId)}`)
      .then((response) => response.blob())
      .then((blob) => URL.createObjectURL(blob));
    loading.catch(() => mediaUrls.delete(mediaId));
    mediaUrls.set(mediaId, loading);
  }
  return mediaUrls.get(mediaId);
}
