// The NOC's console: one page, its views chosen by the address's fragment
// (#/queue, #/ticket/ID, #/search?q=TEXT, #/hotspots, #/report?month=M).
// It reads the desk's API with the session cookie and sends every change
// with the session's CSRF token (X-CSRF-Token); it builds the page with
// DOM calls and textContent only, so nothing a ticket holds is ever read
// as HTML. Times are shown as the API gives them.
'use strict';

const TMF = '/tmf-api/troubleTicket/v4/troubleTicket';
const QUEUE_POLL_MS = 5000;
let session = null;   // {name, role, csrf}
let timer = null;     // the queue's refresh

// ------------------------------------------------------------ helpers

// el('td', {class: 'x'}, 'text', child...): an element.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

// An API call: {status, body} (body: parsed JSON, text, or null). A 401
// means the session ended: the page reloads into the sign-in page.
async function api(path, opts) {
  const o = Object.assign({ credentials: 'same-origin', headers: {} }, opts || {});
  if (o.method && o.method !== 'GET') o.headers['X-CSRF-Token'] = session ? session.csrf : '';
  const res = await fetch(path, o);
  if (res.status === 401 && path !== '/session') {
    location.reload();
    throw new Error('signed out');
  }
  const type = res.headers.get('Content-Type') || '';
  let body = null;
  if (res.status !== 204) body = type.startsWith('application/json') ? await res.json() : await res.text();
  return { status: res.status, body };
}

function errorText(r) {
  return (r.body && r.body.message) || ('error ' + r.status);
}

// "1h05m", "3d2h": a duration in seconds for a person.
function duration(s) {
  s = Math.abs(s);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d) return d + 'd' + (h ? h + 'h' : '');
  if (h) return h + 'h' + String(m).padStart(2, '0') + 'm';
  return m + 'm';
}

function table(head, rows, cls) {
  return el('div', { class: 'scroll' },
    el('table', { class: cls || '' },
      el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)));
}

// The view's content: nodes, arrays of them, nulls left out.
function show(...nodes) {
  const v = document.getElementById('view');
  v.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined));
}

function params(query) {
  return new URLSearchParams(query || '');
}

// ------------------------------------------------------------ the queue

async function viewQueue() {
  const status = el('p', { class: 'muted', id: 'queue-status' }, 'loading…');
  const body = el('div', { id: 'queue' });
  show(el('h1', {}, 'Queue'), status, body);
  const load = async () => {
    const r = await api('/desk/v1/queue');
    if (r.status !== 200) {
      status.textContent = errorText(r);
      return;
    }
    const q = r.body;
    status.textContent = q.open + ' open, ' + q.overdue + ' overdue — at ' + q.now +
      (q.tickets.length < q.open ? ' (the first ' + q.tickets.length + ')' : '');
    const rows = q.tickets.map((t) => el('tr', { class: t.overdue_by_s >= 0 ? 'overdue' : '', 'data-id': t.id },
      el('td', {}, el('a', { href: '#/ticket/' + t.id }, '#' + t.id)),
      el('td', {}, el('span', { class: 'grade g' + t.grade }, 'G' + t.grade)),
      el('td', {}, t.status),
      el('td', {}, t.stage),
      el('td', { class: 'due' }, t.overdue_by_s >= 0 ? 'overdue ' + duration(t.overdue_by_s)
        : duration(-t.overdue_by_s) + ' left'),
      el('td', {}, t.cause),
      el('td', {}, t.cell || '—'),
      el('td', {}, t.complaint || '—'),
      el('td', {}, t.received_at || t.filed_at)));
    body.replaceChildren(rows.length ? table(['Ticket', 'Grade', 'Status', 'Stage', 'Due', 'Cause', 'Cell',
      'Complaint', 'Received'], rows, 'queue') : el('p', {}, 'No open tickets.'));
  };
  await load();
  // Live: the queue is read again every few seconds while it is shown.
  timer = setInterval(() => load().catch(() => {}), QUEUE_POLL_MS);
}

// ------------------------------------------------------------ a ticket

// The fields each move's form asks for, as the PATCH names them
// (`ticket MOVE`'s options); the store checks them with the CLI's rules.
const SATISFACTION = ['', 'satisfied', 'partly', 'unsatisfied', 'unreachable'];
const MOVE_FIELDS = {
  dispatch: [['department', 'Department'], ['person', 'Person']],
  handle: [],
  reply: [['replyCause', 'Cause'], ['result', 'Result'], ['department', 'Department'], ['person', 'Person']],
  feedback: [['satisfaction', 'Satisfaction', SATISFACTION]],
  close: [['satisfaction', 'Satisfaction', SATISFACTION], ['evidence', 'Evidence (judged invalid)'],
    ['invalid', 'Judged invalid', 'checkbox']],
  reopen: [],
};

function moveForm(t, move) {
  const fields = MOVE_FIELDS[move.action] || [];
  const error = el('p', { class: 'error', role: 'alert' });
  const inputs = fields.map(([name, label, kind]) => {
    let input;
    if (Array.isArray(kind)) input = el('select', { name }, kind.map((v) => el('option', { value: v }, v || '—')));
    else if (kind === 'checkbox') input = el('input', { name, type: 'checkbox' });
    else input = el('input', { name });
    return el('label', { class: kind === 'checkbox' ? 'check' : '' }, label, input);
  });
  const form = el('form', { class: 'move', 'data-action': move.action },
    el('h3', {}, move.action, el('span', { class: 'muted' }, ' → ' + move.to)),
    inputs, el('button', { type: 'submit' }, move.action), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const patch = { action: move.action };
    for (const [name, , kind] of fields) {
      const input = form.elements[name];
      if (kind === 'checkbox') { if (input.checked) patch[name] = true; } else if (input.value.trim()) patch[name] = input.value.trim();
    }
    const r = await api(TMF + '/' + t.id, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"' + t.rev + '"' },
      body: JSON.stringify(patch),
    });
    if (r.status === 200) viewTicket(t.id);
    else error.textContent = errorText(r);
  });
  return form;
}

function commentForm(t) {
  const error = el('p', { class: 'error', role: 'alert' });
  const text = el('textarea', { name: 'text', rows: 3, required: true });
  const form = el('form', { class: 'comment', id: 'comment' },
    el('h3', {}, 'Comment'), el('label', {}, 'A note for the history (the status stays)', text),
    el('button', { type: 'submit' }, 'Add comment'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const r = await api(TMF + '/' + t.id, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ note: [{ text: text.value }] }),
    });
    if (r.status === 200) viewTicket(t.id);
    else error.textContent = errorText(r);
  });
  return form;
}

function dl(pairs) {
  return el('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
}

// A history event's detail: "department radio, person li".
function detailText(d) {
  if (d === null || d === undefined) return '';
  if (typeof d !== 'object') return String(d);
  return Object.entries(d).map(([k, v]) => k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ');
}

async function viewTicket(id) {
  const r = await api('/desk/v1/ticket/' + encodeURIComponent(id));
  if (r.status !== 200) {
    show(el('h1', {}, 'Ticket ' + id), el('p', { class: 'error' }, errorText(r)));
    return;
  }
  const t = r.body, v = t.verdict || {};
  const path = (v.path || []).map((s) => el('tr', { class: s.node === v.decided_by ? 'decided' : '' },
    el('td', {}, s.node), el('td', {}, s.check), el('td', { class: 'result ' + s.result }, s.result),
    el('td', {}, s.evidence || '—'), el('td', {}, s.why || ''), el('td', {}, s.source || '')));
  const stages = (t.stages || []).map((s) => el('tr', { class: s.over ? 'overdue' : '' },
    el('td', {}, s.stage), el('td', {}, s.start || '—'), el('td', {}, s.end || 'running'),
    el('td', {}, duration(s.used_s)), el('td', {}, duration(s.limit_s)),
    el('td', {}, s.over ? 'over' : 'within'), el('td', {}, s.department || '')));
  const history = (t.history || []).map((h) => el('tr', {},
    el('td', {}, h.at), el('td', {}, h.who), el('td', {}, h.action), el('td', {}, h.status),
    el('td', {}, h.rev), el('td', {}, detailText(h.detail))));
  const notes = (t.note || []).map((n) => el('li', {}, (n.date || '') + ' ' + (n.author || '') + ': ' + (n.text || '')));
  const canMove = session.role !== 'viewer';
  show(
    el('h1', {}, 'Ticket #' + t.id + ' ', el('span', { class: 'status' }, t.status),
      el('span', { class: 'grade g' + t.grade }, 'G' + t.grade)),
    el('section', { class: 'cols' },
      el('div', {}, el('h2', {}, 'Ticket'), dl([['Complaint', t.complaint], ['Cause', t.cause],
        ['Class', t.class + ' / ' + t.domain], ['Confidence', t.confidence], ['Kind', t.kind],
        ['Cell', t.cell], ['RAT', t.rat], ['Phenomenon', t.phenomenon], ['MSISDN', t.msisdn], ['IMSI', t.imsi],
        ['Department', t.department], ['Person', t.person], ['Received', t.received_at], ['Filed', t.filed_at],
        ['Updated', t.updated_at], ['Rev', t.rev]])),
      el('div', {}, el('h2', {}, 'Verdict'), dl([['Decided by', v.decided_by || 'undecided'],
        ['Grade rule', v.grade_rule]]),
      el('h3', {}, 'Actions'), el('ul', {}, (v.actions || []).map((a) => el('li', {}, a))),
      (v.needs || []).length ? [el('h3', {}, 'Needs'), el('ul', {}, v.needs.map((n) =>
        el('li', {}, typeof n === 'string' ? n : (n.what || n.node || JSON.stringify(n)))))] : null)),
    el('h2', {}, 'Decision path'),
    table(['Node', 'Check', 'Result', 'Evidence', 'Why', 'Source'], path, 'path'),
    el('h2', {}, 'Stage clocks'),
    table(['Stage', 'Start', 'End', 'Used', 'Limit', 'State', 'Department'], stages, 'stages'),
    el('h2', {}, 'History'),
    table(['At', 'Who', 'Action', 'Status', 'Rev', 'Detail'], history, 'history'),
    notes.length ? [el('h2', {}, 'Comments'), el('ul', { class: 'notes' }, notes)] : null,
    canMove ? [el('h2', {}, 'Moves'),
      t.moves.length ? el('div', { class: 'moves' }, t.moves.map((m) => moveForm(t, m)))
        : el('p', { class: 'muted' }, 'No move is allowed from ' + t.status + '.'),
      commentForm(t)] : el('p', { class: 'muted', id: 'viewer-note' }, 'Signed in as a viewer: no moves.'));
}

// ------------------------------------------------------------ search

async function viewSearch(query) {
  const q = params(query).get('q') || '';
  const input = el('input', { name: 'q', type: 'search', value: q,
    placeholder: 'MSISDN, IMSI, complaint id or words', 'aria-label': 'Search' });
  const results = el('div', { id: 'results' });
  const form = el('form', { class: 'search' }, input, el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#/search?' + new URLSearchParams({ q: input.value.trim() });
  });
  show(el('h1', {}, 'Search'), form, results);
  if (!q) return;
  const r = await api(TMF + '?' + new URLSearchParams({ q, limit: '100' }));
  if (r.status !== 200) {
    results.replaceChildren(el('p', { class: 'error' }, errorText(r)));
    return;
  }
  const party = (t, role) => ((t.relatedParty || []).find((p) => p.role === role) || {});
  const rows = r.body.map((t) => el('tr', {},
    el('td', {}, el('a', { href: '#/ticket/' + t.id }, '#' + t.id)),
    el('td', {}, t.externalId || '—'), el('td', {}, t.status), el('td', {}, t.severity),
    el('td', {}, party(t, 'customer').id || '—'), el('td', {}, t.description || t.name || ''),
    el('td', {}, t.creationDate)));
  results.replaceChildren(rows.length
    ? table(['Ticket', 'Complaint', 'Status', 'Severity', 'MSISDN', 'Description', 'Created'], rows, 'results')
    : el('p', {}, 'No ticket matches.'));
}

// ------------------------------------------------------------ hotspots

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Bars of the window's count per hot place, the expected count marked on
// each: what makes a place hot, seen at once.
function hotPlot(h) {
  const rowH = 26, left = 200, width = 640, top = 24;
  const shown = h.slice(0, 20);
  const max = Math.max(1, ...shown.map((x) => Math.max(x.count, x.baseline || 0)));
  const scale = (width - left - 60) / max;
  const s = svg('svg', { viewBox: '0 0 ' + width + ' ' + (top + rowH * shown.length + 10),
    class: 'plot', role: 'img', 'aria-label': 'hot places: count against expected' });
  s.append(svg('text', { x: left, y: 14, class: 'axis' }, 'complaints in the window (bar) against expected (line)'));
  shown.forEach((x, i) => {
    const y = top + i * rowH;
    s.append(svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, x.level + ' ' + placeOf(x)));
    s.append(svg('rect', { x: left, y: y + 4, width: Math.max(1, x.count * scale), height: rowH - 8, class: 'bar ' + x.level }));
    const ex = left + (x.baseline || 0) * scale;
    s.append(svg('line', { x1: ex, x2: ex, y1: y + 1, y2: y + rowH - 1, class: 'expected' }));
    s.append(svg('text', { x: left + x.count * scale + 6, y: y + 16, class: 'value' }, String(x.count)));
  });
  return s;
}

function placeOf(x) {
  return x.level === 'area' ? x.area : x.level === 'cause' ? x.cause : x.cell;
}

async function viewHotspots() {
  const r = await api('/desk/v1/hotspots');
  if (r.status !== 200) {
    show(el('h1', {}, 'Hotspots'), el('p', { class: 'error' }, errorText(r)));
    return;
  }
  const h = r.body.hotspots;
  const rows = h.map((x) => el('tr', {}, el('td', {}, x.level), el('td', {}, placeOf(x)),
    el('td', {}, x.count), el('td', {}, Number(x.baseline).toFixed(2)), el('td', {}, Number(x.p_value).toExponential(2)),
    el('td', {}, x.tickets.map((id, i) => [i ? ' ' : '', el('a', { href: '#/ticket/' + id }, '#' + id)]))));
  show(el('h1', {}, 'Hotspots'),
    el('p', { class: 'muted' }, 'At ' + r.body.now + ', the last ' + duration(r.body.window_s) +
      ' against the ' + duration(r.body.baseline_s) + ' before.'),
    h.length ? [el('figure', { id: 'hotplot' }, hotPlot(h)),
      table(['Level', 'Place', 'Count', 'Expected', 'p', 'Tickets'], rows, 'hot')]
      : el('p', { id: 'hotplot-none' }, 'No hot place now.'));
}

// ------------------------------------------------------------ the month report

function viewReport(query) {
  const now = new Date();
  const month = params(query).get('month') ||
    (now.getUTCFullYear() + '-' + String(now.getUTCMonth() + 1).padStart(2, '0'));
  const input = el('input', { type: 'month', name: 'month', value: month });
  const form = el('form', { class: 'search' }, el('label', {}, 'Month ', input), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#/report?' + new URLSearchParams({ month: input.value });
  });
  const src = '/desk/v1/report/month?' + new URLSearchParams({ month });
  show(el('h1', {}, 'Month report'), form,
    el('p', {}, el('a', { href: src, target: '_blank', rel: 'noopener' }, 'Open the report on its own')),
    el('iframe', { src, title: 'month report ' + month, class: 'report', id: 'report' }));
}

// ------------------------------------------------------------ routing

async function route() {
  if (timer) {
    clearInterval(timer);
    timer = null;
  }
  const hash = location.hash.replace(/^#\/?/, '') || 'queue';
  const [path, query] = hash.split('?');
  const parts = path.split('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('on', a.dataset.view === parts[0]);
  try {
    if (parts[0] === 'ticket' && parts[1]) await viewTicket(parts[1]);
    else if (parts[0] === 'search') await viewSearch(query);
    else if (parts[0] === 'hotspots') await viewHotspots();
    else if (parts[0] === 'report') viewReport(query);
    else await viewQueue();
  } catch (err) {
    if (err.message !== 'signed out') show(el('p', { class: 'error' }, 'the server cannot be reached: ' + err.message));
  }
}

async function start() {
  const r = await api('/session');
  if (r.status !== 200) {
    location.reload();
    return;
  }
  session = r.body;
  document.getElementById('who').textContent = session.name + ' (' + session.role + ')';
  document.getElementById('signout').addEventListener('click', async () => {
    await api('/session', { method: 'DELETE' });
    location.replace('/');
  });
  window.addEventListener('hashchange', route);
  await route();
}

start();
