// Slipway dashboard: plain JS, no dependencies. Every server-provided string reaches the DOM as a
// text node (el() below), never as HTML. The token stays in sessionStorage and goes out only in the
// Authorization header of same-origin fetches. One file on purpose (over the house 400 lines): the
// page loads exactly one script, with no bundler and no module loader; its sections are helpers,
// API, token, stream, events, views, routing.
'use strict';

const TOKEN_KEY = 'slipway.token';
const FINAL = new Set(['RUNNING', 'FAILED', 'DESTROYED']);
const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  hosts: null, // [HostView] or an error message
  domains: new Map(), // id -> DomainView, kept current from the stream
  fetching: new Set(), // domain ids being fetched once after their DomainRequested
  lastEventId: null, // the fleet stream's position
  listed: false, // the one list fetch of this page load was made
  stream: null, // AbortController of the open stream
  page: null, // what the current route shows: {kind, id, events, ...}
};

// ---- DOM helpers -------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'onclick') e.addEventListener('click', v);
    else if (k === 'value') e.value = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const $ = (id) => document.getElementById(id);

function time(s) {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d) ? String(s) : d.toISOString().replace('T', ' ').slice(0, 23);
}

function mib(kib) {
  return Math.round(Number(kib || 0) / 1024) + ' MiB';
}

function showError(msg) {
  const e = $('error');
  e.textContent = msg || '';
  e.hidden = !msg;
}

// ---- API ---------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path, opts = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
  headers.Authorization = 'Bearer ' + state.token;
  const r = await fetch(path, { method: opts.method || 'GET', headers, body: opts.body, cache: 'no-store' });
  if (r.status === 401) {
    askToken('The token was refused (401): paste a valid one.');
    throw new ApiError(401, 'unauthorized');
  }
  const type = r.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) {
    const detail = body && body.detail ? body.detail : r.status + ' ' + r.statusText;
    throw new ApiError(r.status, detail);
  }
  return body;
}

// ---- token -------------------------------------------------------------------------------------

function askToken(message) {
  stopStream();
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  // what one token could see is never shown under another
  state.hosts = null;
  state.domains.clear();
  state.fetching.clear();
  state.lastEventId = null;
  state.listed = false;
  state.page = null;
  $('token-box').hidden = false;
  $('token-forget').hidden = true;
  showError(message || '');
  render();
}

function useToken() {
  const t = $('token').value.trim().replace(/^Bearer\s+/i, '');
  if (!t) return;
  state.token = t;
  sessionStorage.setItem(TOKEN_KEY, t);
  $('token').value = '';
  start();
}

// ---- the fleet stream: fetch() + a small text/event-stream parser ------------------------------

function setStreamStatus(s) {
  const e = $('stream-status');
  e.textContent = s;
  e.className = 'status ' + s;
}

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  setStreamStatus('offline');
}

async function runStream() {
  const ctrl = new AbortController();
  state.stream = ctrl;
  let backoff = 1000;
  while (state.stream === ctrl && state.token) {
    setStreamStatus('connecting');
    try {
      const headers = { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' };
      if (state.lastEventId !== null) headers['Last-Event-ID'] = state.lastEventId;
      const r = await fetch('/api/v1/watch', { headers, signal: ctrl.signal, cache: 'no-store' });
      if (r.status === 401) {
        askToken('The token was refused (401): paste a valid one.');
        return;
      }
      if (r.status === 503) {
        backoff = Math.max(backoff, 1000 * Number(r.headers.get('Retry-After') || 5));
        throw new Error('too many watchers');
      }
      if (!r.ok || !r.body) throw new Error('stream: ' + r.status);
      setStreamStatus('live');
      backoff = 1000;
      await readEvents(r.body, dispatch);
    } catch (e) {
      if (ctrl.signal.aborted) return;
    }
    if (state.stream !== ctrl) return;
    setStreamStatus('connecting');
    await new Promise((res) => setTimeout(res, backoff));
    backoff = Math.min(backoff * 2, 15000);
  }
}

/** Reads a text/event-stream body, calling onEvent({event, id, data}) per dispatched event. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let ev = { event: '', id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    for (;;) {
      const i = buf.search(/[\r\n]/);
      if (i < 0 || (buf[i] === '\r' && i === buf.length - 1)) break;
      const line = buf.slice(0, i);
      buf = buf.slice(buf[i] === '\r' && buf[i + 1] === '\n' ? i + 2 : i + 1);
      if (line === '') {
        if (ev.data.length) onEvent({ event: ev.event || 'message', id: ev.id, data: ev.data.join('\n') });
        ev = { event: '', id: null, data: [] };
        continue;
      }
      if (line[0] === ':') continue; // a comment: keepalive
      const c = line.indexOf(':');
      const field = c < 0 ? line : line.slice(0, c);
      let v = c < 0 ? '' : line.slice(c + 1);
      if (v[0] === ' ') v = v.slice(1);
      if (field === 'data') ev.data.push(v);
      else if (field === 'event') ev.event = v;
      else if (field === 'id' && !v.includes('\0')) ev.id = v;
    }
  }
}

function dispatch(m) {
  if (m.id !== null) state.lastEventId = m.id;
  if (m.event === 'hello') {
    if (!state.listed) {
      state.listed = true;
      loadDomains();
    }
    return;
  }
  if (m.event === 'reconnect') return; // the server ends the stream; runStream() resumes
  let e;
  try {
    e = JSON.parse(m.data);
  } catch (x) {
    return;
  }
  apply(e);
}

// ---- the one list fetch, and events applied to what is shown -----------------------------------

async function loadDomains() {
  try {
    const token = state.token;
    const page = await api('/api/v1/domains?state=CREATING&size=200');
    if (token !== state.token) return;
    for (const d of page.items) if (!state.domains.has(d.id)) state.domains.set(d.id, d);
    render();
  } catch (e) {
    if (e.status !== 401) showError('domains: ' + e.message);
  }
}

async function fetchDomainOnce(id) {
  if (state.fetching.has(id)) return;
  state.fetching.add(id);
  try {
    const token = state.token;
    const d = await api('/api/v1/domains/' + encodeURIComponent(id));
    if (token !== state.token) return;
    const known = state.domains.get(id);
    // events that arrived meanwhile were applied to a placeholder: keep the fresher steps
    state.domains.set(id, known && known.steps.length > d.steps.length ? Object.assign(d, { steps: known.steps }) : d);
    scheduleRender();
  } catch (e) {
    /* shown on the next event */
  }
}

function stepOf(d, name) {
  let s = d.steps.find((x) => x.name === name);
  if (!s) {
    s = { name, status: 'PENDING', attempt: 0, progress: null, startedAt: null, endedAt: null, error: null };
    d.steps.push(s);
  }
  return s;
}

/** Applies one fleet-stream event ({domainId, version, type, recordedAt, event}) to the views. */
function apply(m) {
  let d = state.domains.get(m.domainId);
  const e = m.event || {};
  if (!d) {
    d = { id: m.domainId, name: e.name || '', handle: e.handle || '', state: 'ACCEPTED', hostId: null,
      epoch: 0, currentStep: null, steps: [], failureReason: null, createdAt: m.recordedAt, updatedAt: m.recordedAt };
    state.domains.set(m.domainId, d);
    fetchDomainOnce(m.domainId);
  }
  d.updatedAt = m.recordedAt;
  if (['HostAssigned', 'DomainReplaced', 'ResourcesReleased'].includes(m.type)) refreshHostsSoon();
  switch (m.type) {
    case 'HostAssigned':
    case 'DomainReplaced':
      d.hostId = e.hostId;
      d.epoch = e.epoch;
      break;
    case 'StepDispatched': {
      const s = stepOf(d, e.step);
      Object.assign(s, { status: 'DISPATCHED', attempt: e.attempt, error: null, endedAt: null });
      d.currentStep = e.step;
      if (d.state === 'ACCEPTED') d.state = 'CREATING';
      break;
    }
    case 'StepStarted':
      Object.assign(stepOf(d, e.step), { status: 'STARTED', attempt: e.attempt, startedAt: e.at });
      break;
    case 'StepProgressed':
      Object.assign(stepOf(d, e.step), { status: 'STARTED', attempt: e.attempt, progress: e.fraction });
      break;
    case 'StepSucceeded': {
      const s = stepOf(d, e.step);
      Object.assign(s, { status: 'SUCCEEDED', attempt: e.attempt, progress: 1, endedAt: e.at });
      if (e.startedAt && !s.startedAt) s.startedAt = e.startedAt;
      break;
    }
    case 'StepFailed':
      Object.assign(stepOf(d, e.step), { status: 'FAILED', attempt: e.attempt, endedAt: e.at,
        error: (e.code || '') + ': ' + (e.message || '') });
      break;
    case 'StepTimedOut':
      Object.assign(stepOf(d, e.step), { status: 'TIMED_OUT', attempt: e.attempt, endedAt: e.at });
      break;
    case 'CreationSucceeded':
      d.state = 'RUNNING';
      d.currentStep = null;
      break;
    case 'CompensationStarted':
      d.state = 'ROLLING_BACK';
      break;
    case 'DestroyRequested':
      d.state = 'DESTROYING';
      break;
    case 'CreationFailed':
      d.state = 'FAILED';
      d.failureReason = e.reason;
      break;
    case 'DomainDestroyed':
      d.state = 'DESTROYED';
      break;
    default:
      break;
  }
  // re-render only a page that shows this domain: buttons elsewhere stay put under a busy stream
  const p = state.page;
  if (p && p.kind === 'domain' && p.id === m.domainId) {
    if (p.events && m.version > p.lastVersion) {
      p.events.push({ version: m.version, type: m.type, recordedAt: m.recordedAt, payload: e });
      p.lastVersion = m.version;
    }
    scheduleRender();
  } else if (!p || p.kind === 'fleet') {
    scheduleRender();
  }
}

// Claims change with placements and releases: the fleet page's hosts are read again then, at most
// once per 3 s, and every 15 s for heartbeats and UP/DOWN (hosts are not in the event stream).
let hostsTimer = null;
function refreshHostsSoon() {
  if (hostsTimer || !state.page || state.page.kind !== 'fleet') return;
  hostsTimer = setTimeout(() => {
    hostsTimer = null;
    if (state.page && state.page.kind === 'fleet' && state.token) loadHosts();
  }, 3000);
}
setInterval(() => {
  if (state.token && state.page && state.page.kind === 'fleet' && !document.hidden) loadHosts();
}, 15000);

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

// ---- confirmation ------------------------------------------------------------------------------

function confirmAction(text) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const done = (ok) => {
      $('confirm-ok').onclick = null;
      $('confirm-cancel').onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(ok);
    };
    $('confirm-ok').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
  });
}

async function act(text, method, path, after) {
  if (!(await confirmAction(text))) return;
  try {
    await api(path, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    showError('');
    if (after) await after();
  } catch (e) {
    if (e.status !== 401) showError(text + ' failed: ' + e.message);
  }
}

// ---- views -------------------------------------------------------------------------------------

function stateBadge(s) {
  return el('span', { class: 'st s-' + s + ' state' }, s);
}

function currentProgress(d) {
  const s = d.steps.find((x) => x.name === d.currentStep) || d.steps.find((x) => x.status === 'STARTED');
  const v = s ? (s.status === 'SUCCEEDED' ? 1 : s.progress || 0) : FINAL.has(d.state) ? 1 : 0;
  return el('progress', { class: 'current', max: '1', value: String(v) });
}

function hostsTable() {
  if (typeof state.hosts === 'string') return el('p', { class: 'muted' }, 'Hosts: ' + state.hosts);
  if (!state.hosts) return el('p', { class: 'muted' }, 'Loading hosts…');
  return el('table', { id: 'hosts' },
    el('tr', {}, ['host', 'state', 'draining', 'memory (claimed / total)', 'vCPUs', 'PCI', 'reaping', 'hypervisor', 'last heartbeat']
      .map((h) => el('th', {}, h))),
    state.hosts.map((h) => el('tr', { 'data-host': h.id },
      el('td', {}, el('a', { href: '#/hosts/' + encodeURIComponent(h.id) }, h.id)),
      el('td', {}, stateBadge(h.state)),
      el('td', { class: 'draining' }, h.draining ? 'draining' : ''),
      el('td', {}, mib(h.claimed.memoryKiB) + ' / ' + mib(h.capacity.memoryKiB)),
      el('td', {}, h.claimed.cpus + ' / ' + h.capacity.cpus),
      el('td', {}, h.claimed.pci.length + ' / ' + h.capacity.pci.length),
      el('td', {}, h.reaping.memoryKiB > 0 ? mib(h.reaping.memoryKiB) : ''),
      el('td', { class: 'muted' }, h.hypervisor || ''),
      el('td', {}, time(h.lastHeartbeat)))));
}

function domainsTable() {
  const all = [...state.domains.values()].sort((a, b) =>
    (FINAL.has(a.state) - FINAL.has(b.state)) || String(b.createdAt).localeCompare(String(a.createdAt)));
  if (!all.length) return el('p', { class: 'muted' }, 'No creation in flight.');
  return el('table', { id: 'domains' },
    el('tr', {}, ['domain', 'state', 'host', 'current step', 'progress', 'steps'].map((h) => el('th', {}, h))),
    all.slice(0, 300).map((d) => el('tr', { 'data-domain': d.id },
      el('td', {}, el('a', { href: '#/domains/' + d.id }, d.name || d.id), el('div', { class: 'mono muted' }, d.id)),
      el('td', {}, stateBadge(d.state)),
      el('td', {}, d.hostId ? el('a', { href: '#/hosts/' + encodeURIComponent(d.hostId) }, d.hostId) : ''),
      el('td', { class: 'current-step' }, d.currentStep || ''),
      el('td', {}, currentProgress(d)),
      el('td', {}, d.steps.map((s) => el('span', { class: 'st step st-' + s.status, 'data-step': s.name, 'data-status': s.status, title: s.name + ': ' + s.status }, s.name))))));
}

function fleetView() {
  return [el('h2', {}, 'Hosts'), hostsTable(), el('h2', {}, 'Creations'), domainsTable()];
}

async function loadHosts() {
  try {
    state.hosts = await api('/api/v1/hosts');
  } catch (e) {
    state.hosts = e.status === 403 ? 'not visible with this token' : e.message;
  }
  scheduleRender();
}

function timeline(d) {
  return el('table', { id: 'timeline' },
    el('tr', {}, ['step', 'status', 'attempt', 'progress', 'started', 'ended', 'error'].map((h) => el('th', {}, h))),
    d.steps.map((s) => el('tr', { 'data-step': s.name },
      el('td', {}, s.name),
      el('td', {}, el('span', { class: 'st status st-' + s.status }, s.status)),
      el('td', { class: 'attempt' }, s.attempt),
      el('td', {}, el('progress', { max: '1', value: String(s.status === 'SUCCEEDED' ? 1 : s.progress || 0) })),
      el('td', {}, time(s.startedAt)),
      el('td', {}, time(s.endedAt)),
      el('td', { class: 'error' }, s.error || ''))));
}

function domainView(p) {
  if (p.error) return el('p', { class: 'error' }, p.error);
  const d = state.domains.get(p.id) || p.domain;
  if (!d) return el('p', { class: 'muted' }, 'Loading…');
  return [
    el('h2', {}, 'Domain ', d.name || ''),
    el('p', {}, 'id ', el('code', {}, d.id), ' · handle ', el('code', {}, d.handle), ' · state ',
      el('span', { id: 'domain-state' }, stateBadge(d.state)), ' · host ', d.hostId || '—', ' · epoch ', String(d.epoch)),
    d.failureReason ? el('p', { class: 'error' }, 'Failure: ', d.failureReason) : null,
    FINAL.has(d.state) && d.state !== 'RUNNING' ? null
      : el('button', { type: 'button', id: 'destroy', class: 'danger',
        onclick: () => act('Destroy domain ' + (d.name || d.id) + '?', 'DELETE', '/api/v1/domains/' + d.id) }, 'Destroy'),
    el('h2', {}, 'Steps'), timeline(d),
    el('h2', {}, 'Events'),
    el('ol', { id: 'events' }, (p.events || []).map((e) => el('li', { 'data-version': e.version },
      el('span', { class: 'mono' }, time(e.recordedAt)), ' ', el('strong', {}, e.type), ' ',
      el('span', { class: 'mono muted' }, JSON.stringify(e.payload).slice(0, 300))))),
    el('h2', {}, 'Description (DTS)'),
    el('pre', { id: 'dts' }, p.dts === undefined ? 'Loading…' : p.dts),
  ];
}

async function loadDomainPage(p) {
  try {
    const [d, events, dts] = await Promise.all([
      api('/api/v1/domains/' + encodeURIComponent(p.id)),
      api('/api/v1/domains/' + encodeURIComponent(p.id) + '/events'),
      api('/api/v1/domains/' + encodeURIComponent(p.id) + '/description', { headers: { Accept: 'text/plain' } }),
    ]);
    state.domains.set(d.id, d);
    p.domain = d;
    p.events = events;
    p.lastVersion = events.length ? events[events.length - 1].version : 0;
    p.dts = dts;
  } catch (e) {
    if (e.status !== 401) p.error = e.status === 404 ? 'No such domain (or not yours).' : e.message;
  }
  scheduleRender();
}

function messagesView(p) {
  const parked = p.parked;
  const dead = p.dead;
  return [
    el('h2', {}, 'Parked outbox messages'),
    typeof parked === 'string' ? el('p', { class: 'muted' }, parked) : !parked ? el('p', {}, 'Loading…')
      : el('table', { id: 'parked' },
        el('tr', {}, ['id', 'topic', 'key', 'size', 'created', 'parked', 'reason'].map((h) => el('th', {}, h))),
        parked.items.map((m) => el('tr', {}, el('td', {}, m.id), el('td', {}, m.topic), el('td', { class: 'mono' }, m.key),
          el('td', {}, m.payloadChars), el('td', {}, time(m.createdAt)), el('td', {}, time(m.parkedAt)), el('td', {}, m.reason)))),
    el('h2', {}, 'Dead letters'),
    typeof dead === 'string' ? el('p', { class: 'muted' }, dead) : !dead ? el('p', {}, 'Loading…')
      : el('table', { id: 'dead-letters' },
        el('tr', {}, ['topic', 'offset', 'when', 'key', 'reason', 'source', 'payload'].map((h) => el('th', {}, h))),
        dead.items.map((m) => el('tr', {}, el('td', {}, m.topic), el('td', {}, m.offset), el('td', {}, time(m.timestamp)),
          el('td', { class: 'mono' }, m.key || ''), el('td', {}, m.reason || ''), el('td', { class: 'mono' }, m.source || ''),
          el('td', { class: 'mono muted' }, m.payloadPreview + (m.payloadChars > m.payloadPreview.length ? '…' : ''))))),
  ];
}

async function loadMessages(p) {
  const grab = async (path) => {
    try {
      return await api(path);
    } catch (e) {
      return e.status === 403 ? 'not visible with this token' : e.message;
    }
  };
  [p.parked, p.dead] = await Promise.all([grab('/api/v1/admin/outbox/parked?size=100'), grab('/api/v1/admin/dead-letters?size=100')]);
  scheduleRender();
}

function hostView(p) {
  if (p.error) return el('p', { class: 'error' }, p.error);
  const h = p.host;
  if (!h) return el('p', {}, 'Loading…');
  const refresh = () => loadHostPage(p);
  const path = '/api/v1/hosts/' + encodeURIComponent(h.id);
  return [
    el('h2', {}, 'Host ', h.id),
    el('p', {}, 'state ', stateBadge(h.state), ' · ', el('span', { id: 'host-draining' }, h.draining ? 'draining' : 'taking placements'),
      ' · memory ', mib(h.claimed.memoryKiB), ' / ', mib(h.capacity.memoryKiB), ' · vCPUs ', String(h.claimed.cpus), ' / ', String(h.capacity.cpus),
      ' · PCI ', h.capacity.pci.join(', ') || '—', ' · ', h.hypervisor || ''),
    h.draining
      ? el('button', { type: 'button', id: 'undrain', 'data-action': 'undrain', onclick: () => act('Undrain host ' + h.id + '?', 'POST', path + '/undrain', refresh) }, 'Undrain')
      : el('button', { type: 'button', id: 'drain', 'data-action': 'drain', class: 'danger', onclick: () => act('Drain host ' + h.id + '? New creations will not be placed there.', 'POST', path + '/drain', refresh) }, 'Drain'),
    el('h2', {}, 'Inventory'),
    typeof p.inventory === 'string' ? el('p', { class: 'muted' }, p.inventory)
      : el('table', { id: 'inventory' },
        el('tr', {}, ['handle', 'domid', 'ownership', 'owner', 'vCPUs', 'paused', ''].map((x) => el('th', {}, x))),
        (p.inventory || []).map((i) => el('tr', { class: 'own-' + i.ownership, 'data-handle': i.domain.handle },
          el('td', { class: 'mono' }, i.domain.handle), el('td', {}, i.domain.domid), el('td', { class: 'ownership' }, i.ownership),
          el('td', {}, i.ownerDomainId ? el('a', { href: '#/domains/' + i.ownerDomainId }, i.ownerDomainId) : ''),
          el('td', {}, i.domain.vcpus), el('td', {}, i.domain.paused ? 'yes' : ''),
          el('td', {}, i.ownership === 'owned' ? '' : el('button', { type: 'button', class: 'danger reap',
            onclick: () => act('Reap ' + i.ownership + ' domain ' + i.domain.handle + ' on ' + h.id + '?', 'POST',
              path + '/inventory/' + encodeURIComponent(i.domain.handle) + '/reap', refresh) }, 'Reap'))))),
    el('h2', {}, 'Reaps'),
    typeof p.reaps === 'string' ? el('p', { class: 'muted' }, p.reaps)
      : el('table', { id: 'reaps' },
        el('tr', {}, ['handle', 'kind', 'state', 'attempt', 'requested by', 'reason', 'requested', 'detail'].map((x) => el('th', {}, x))),
        (p.reaps || []).map((r) => el('tr', {}, el('td', { class: 'mono' }, r.handle), el('td', {}, r.kind), el('td', {}, r.state),
          el('td', {}, r.attempt), el('td', {}, r.requestedBy || ''), el('td', {}, r.reason || ''), el('td', {}, time(r.requestedAt)),
          el('td', {}, r.detail || '')))),
    messagesView(p),
  ];
}

async function loadHostPage(p) {
  const base = '/api/v1/hosts/' + encodeURIComponent(p.id);
  const grab = async (path) => {
    try {
      return await api(path);
    } catch (e) {
      return e.status === 403 ? 'not visible with this token' : e.message;
    }
  };
  try {
    p.host = await api(base);
  } catch (e) {
    if (e.status !== 401) p.error = e.status === 404 ? 'No such host.' : e.message;
    scheduleRender();
    return;
  }
  [p.inventory, p.reaps] = await Promise.all([grab(base + '/inventory'), grab(base + '/reaps')]);
  scheduleRender();
  loadMessages(p);
}

// ---- routing -----------------------------------------------------------------------------------

function route() {
  const h = location.hash.replace(/^#/, '') || '/';
  let m;
  if ((m = h.match(/^\/domains\/([0-9a-fA-F-]{36})$/))) return { kind: 'domain', id: m[1].toLowerCase() };
  if ((m = h.match(/^\/hosts\/([a-z0-9-]{1,63})$/))) return { kind: 'host', id: m[1] };
  if (h === '/messages') return { kind: 'messages' };
  return { kind: 'fleet' };
}

function navigate() {
  state.page = route();
  if (!state.token) return render();
  if (state.page.kind === 'domain') loadDomainPage(state.page);
  else if (state.page.kind === 'host') loadHostPage(state.page);
  else if (state.page.kind === 'messages') loadMessages(state.page);
  else loadHosts();
  render();
}

function render() {
  const view = $('view');
  if (!state.token) {
    view.replaceChildren();
    return;
  }
  const p = state.page || { kind: 'fleet' };
  const content = p.kind === 'domain' ? domainView(p) : p.kind === 'host' ? hostView(p)
    : p.kind === 'messages' ? messagesView(p) : fleetView();
  view.replaceChildren(...[content].flat(Infinity).filter(Boolean));
}

function start() {
  $('token-box').hidden = true;
  $('token-forget').hidden = false;
  showError('');
  if (!state.stream) runStream();
  navigate();
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-save').addEventListener('click', useToken);
  $('token-forget').addEventListener('click', () => askToken(''));
  window.addEventListener('hashchange', navigate);
  if (state.token) start();
  else askToken('');
});
