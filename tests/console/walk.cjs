// walk.cjs: the console walked as a NOC operator would, in headless
// Chromium (playwright-core), against the server tests/console.sh started:
// BASE (its address), CHROMIUM (the browser), OUT (the screenshots'
// folder), LIVE (a complaint to file while the queue is shown). Prints one
// line per failed step and "N passed, N failed"; exit 1 on a failure.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const base = process.env.BASE, out = process.env.OUT;
const TMF = '/tmf-api/troubleTicket/v4/troubleTicket';
const WIDE = { width: 1366, height: 768 }, TABLET = { width: 768, height: 1024 };
const WAIT = { timeout: 10000 };
let pass = 0, fail = 0;
const problems = [];   // console errors and CSP violations of every page

async function step(name, fn) {
  try {
    await fn();
    pass++;
  } catch (e) {
    fail++;
    console.log('FAIL: ' + name + ': ' + String(e.message || e).split('\n')[0]);
  }
}

function check(ok, what) {
  if (!ok) throw new Error(what);
}

async function newPage(browser, viewport) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(page.url() + ': ' + e.message));
  page.on('console', (m) => {
    // A refused request is logged by the browser itself ("Failed to load
    // resource: ... 422"): the steps check those answers; anything else
    // (a script error, a CSP violation) is a defect.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(page.url() + ': ' + m.text());
  });
  return { ctx, page };
}

async function signIn(page, name, password) {
  await page.goto(base + '/');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('#signin button[type=submit]');
}

async function shot(page, name) {
  await page.screenshot({ path: out + '/' + name + '.png', fullPage: false });
}

// The rows of the ticket page's history: [{at, who, action, status}].
// The ticket's changes as its page shows them; the escalations the
// server's scan adds at any moment (overdue tickets) are left out, so a
// count of changes holds whenever the scan runs.
async function history(page) {
  const rows = await page.$$eval('table.history tbody tr', (trs) => trs.map((tr) => {
    const td = [...tr.children].map((c) => c.textContent);
    return { at: td[0], who: td[1], action: td[2], status: td[3] };
  }));
  return rows.filter((r) => r.action !== 'escalation');
}

// Fills the form of a move and sends it; resolves once the page shows
// the ticket again with one more change in its history (or the form shows
// an error).
async function move(page, action, fields) {
  const before = (await history(page)).length;
  const form = 'form.move[data-action="' + action + '"]';
  await page.waitForSelector(form, WAIT);
  for (const [name, value] of Object.entries(fields)) {
    const sel = form + ' [name="' + name + '"]';
    const tag = await page.$eval(sel, (e) => e.tagName);
    if (tag === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
  await page.click(form + ' button[type=submit]');
  await page.waitForFunction(([f, n]) => {
    const err = document.querySelector(f + ' .error');
    const changes = [...document.querySelectorAll('table.history tbody tr')]
      .filter((tr) => tr.children[2] && tr.children[2].textContent !== 'escalation');
    return (err && err.textContent) || changes.length > n;
  }, [form, before], WAIT);
  const err = await page.$(form + ' .error');
  const msg = err ? await err.textContent() : '';
  return { before, msg };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const { ctx, page } = await newPage(browser, WIDE);

  await step('the anonymous get the sign-in page (401)', async () => {
    const res = await page.goto(base + '/');
    check(res.status() === 401, 'status ' + res.status());
    await page.waitForSelector('#signin', WAIT);
    check(await page.$('#view') === null, 'the console was served');
    await shot(page, 'signin');
  });
  await step('a wrong password is refused', async () => {
    await signIn(page, 'ann', 'not the password');
    await page.waitForFunction(() => document.getElementById('error').textContent !== '', null, WAIT);
    const msg = await page.textContent('#error');
    check(msg === 'wrong user name or password', 'shown: ' + msg);
  });
  await step('sign in: the queue, the cookie HttpOnly and SameSite=Strict', async () => {
    await signIn(page, 'ann', 'correct horse');
    await page.waitForSelector('table.queue', WAIT);
    const c = (await ctx.cookies()).find((x) => x.name === 'ct_session');
    check(c && c.httpOnly && c.sameSite === 'Strict' && c.path === '/', 'cookie ' + JSON.stringify(c));
    check((await page.textContent('#who')) === 'ann (operator)', 'who: ' + (await page.textContent('#who')));
  });
  await step('the queue: every filed ticket, the overdue first', async () => {
    const rows = await page.$$eval('table.queue tbody tr', (trs) => trs.map((tr) =>
      ({ id: tr.dataset.id, overdue: tr.classList.contains('overdue'), grade: tr.children[1].textContent })));
    check(rows.length === 7, rows.length + ' rows');
    const firstLate = rows.findIndex((r) => !r.overdue);
    check(firstLate === 2 && rows.slice(firstLate).every((r) => !r.overdue), 'order ' + JSON.stringify(rows));
    check(rows.slice(0, 2).map((r) => r.id).sort().join() === '1,2', 'overdue ' + JSON.stringify(rows.slice(0, 2)));
    // Within the overdue, by grade.
    check(rows[0].grade <= rows[1].grade, 'grades ' + rows[0].grade + ', ' + rows[1].grade);
    await shot(page, 'queue');
  });
  await step('the queue refreshes itself (a ticket filed through the API appears)', async () => {
    const complaint = fs.readFileSync(process.env.LIVE, 'utf8');
    const status = await page.evaluate(async ([tmf, body]) => {
      const s = await (await fetch('/session')).json();
      const r = await fetch(tmf, { method: 'POST', body,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
      return r.status;
    }, [TMF, complaint]);
    check(status === 201, 'POST ' + status);
    await page.waitForFunction(() => document.querySelectorAll('table.queue tbody tr').length === 8, null, WAIT);
  });
  await step('a ticket: the decision path, stage clocks and history', async () => {
    await page.click('a[href="#/ticket/1"]');
    await page.waitForSelector('table.path', WAIT);
    const path = await page.$$eval('table.path tbody tr', (trs) => trs.length);
    const decided = await page.$$eval('table.path tr.decided td', (tds) => tds.map((t) => t.textContent));
    check(path > 0 && decided.length === 6 && decided[0] === 'Q3.1.1', 'path ' + path + ' ' + decided.join('|'));
    check(decided[3].includes('signal_dbm=-101') && decided[4].includes('below'), 'evidence ' + decided.join('|'));
    const stages = await page.$$eval('table.stages tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    check(stages.includes('dispatch'), 'stages ' + stages.join());
    const h = await history(page);
    check(h.length === 1 && h[0].action === 'filed', 'history ' + JSON.stringify(h));
    await shot(page, 'ticket');
  });
  const walk = [
    ['dispatch', { department: 'radio', person: 'li' }, 'dispatched'],
    ['handle', {}, 'handling'],
    ['reply', { replyCause: 'radio/coverage', result: 'antenna tilt adjusted', department: 'radio', person: 'li' }, 'replied'],
  ];
  for (const [action, fields, status] of walk) {
    await step('move ' + action + ' through its form', async () => {
      const r = await move(page, action, fields);
      check(!r.msg, 'refused: ' + r.msg);
      const h = await history(page);
      const last = h[h.length - 1];
      check(h.length === r.before + 1 && last.action === action && last.who === 'ann' && last.status === status,
        'history ' + JSON.stringify(last));
      check((await page.textContent('h1 .status')) === status, 'status ' + (await page.textContent('h1 .status')));
    });
  }
  await step('a refused move shows the command line\'s message', async () => {
    const r = await move(page, 'close', {});
    check(r.msg === 'ticket 1 cannot be closed: missing satisfaction', 'shown: ' + r.msg);
    check((await history(page)).length === r.before, 'the history changed');
    await shot(page, 'ticket-refused');
  });
  for (const [action, fields, status] of [['feedback', { satisfaction: 'satisfied' }, 'feedback'], ['close', {}, 'closed']]) {
    await step('move ' + action + ' through its form', async () => {
      const r = await move(page, action, fields);
      check(!r.msg, 'refused: ' + r.msg);
      const h = await history(page);
      const last = h[h.length - 1];
      check(last.action === action && last.who === 'ann' && last.status === status, 'history ' + JSON.stringify(last));
    });
  }
  await step('closed: only reopen is offered', async () => {
    const forms = await page.$$eval('form.move', (fs) => fs.map((f) => f.dataset.action));
    check(forms.join() === 'reopen', 'forms ' + forms.join());
    await shot(page, 'ticket-closed');
  });
  await step('a comment (PATCH note) shows on the ticket', async () => {
    const text = 'customer called back: signal fine now';
    await page.fill('#comment textarea', text);
    await page.click('#comment button[type=submit]');
    await page.waitForFunction((t) => document.getElementById('view').textContent.includes('called back') ||
      (document.querySelector('#comment .error') || {}).textContent, text, WAIT);
    await shot(page, 'ticket-comment');
    const err = await page.textContent('#comment .error').catch(() => '');
    check(!err, 'the comment was refused (comments on PATCH note not in this build?): ' + err);
    check((await page.textContent('#view')).includes(text), 'not shown');
  });
  await step('search by MSISDN (q=)', async () => {
    await page.click('nav a[data-view="search"]');
    await page.fill('form.search input[name=q]', '13150423168');
    await page.click('form.search button');
    await page.waitForSelector('table.results, #results .error, #results p', WAIT);
    await shot(page, 'search');
    const err = await page.$('#results .error');
    check(!err, 'the search was refused (q= not in this build?): ' + (err ? await err.textContent() : ''));
    const ids = await page.$$eval('table.results tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    check(ids.join() === '#1', 'found ' + ids.join());
  });
  await step('hotspots: the table and the plot', async () => {
    await page.click('nav a[data-view="hotspots"]');
    await page.waitForSelector('#hotplot svg rect.bar, #hotplot-none', WAIT);
    const bars = await page.$$eval('#hotplot svg rect.bar', (r) => r.length);
    const places = await page.$$eval('table.hot tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
    check(bars >= 1 && bars === places.length && places.includes('460-00-77777-1'), bars + ' bars, ' + places.join());
    await shot(page, 'hotspots');
  });
  await step('the month report opens', async () => {
    await page.click('nav a[data-view="report"]');
    const frame = page.frameLocator('#report');
    await frame.locator('h1').first().waitFor(WAIT);
    const title = await frame.locator('head > title').textContent();
    check(/^Complaint figures /.test(title), 'title ' + title);
    await shot(page, 'report');
  });
  await step('a tablet (768x1024): the queue and a ticket fit', async () => {
    const state = await ctx.storageState();
    const tctx = await browser.newContext({ viewport: TABLET, storageState: state });
    const tp = await tctx.newPage();
    await tp.goto(base + '/#/queue');
    await tp.waitForSelector('table.queue', WAIT);
    const wide = await tp.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 768, 'the page is ' + wide + ' px wide');
    await shot(tp, 'queue-tablet');
    await tp.goto(base + '/#/ticket/2');
    await tp.waitForSelector('table.path', WAIT);
    await shot(tp, 'ticket-tablet');
    await tctx.close();
  });
  await step('a viewer sees no move forms; a forged move gets 403', async () => {
    const v = await newPage(browser, WIDE);
    await signIn(v.page, 'vic', 'correct horse');
    await v.page.waitForSelector('table.queue', WAIT);
    await v.page.goto(base + '/#/ticket/2');
    await v.page.waitForSelector('#viewer-note', WAIT);
    check((await v.page.$$('form.move')).length === 0 && !(await v.page.$('#comment')), 'forms shown');
    const r = await v.page.evaluate(async (tmf) => {
      const s = await (await fetch('/session')).json();
      const res = await fetch(tmf + '/2', { method: 'PATCH', body: '{"action":"dispatch","department":"radio"}',
        headers: { 'Content-Type': 'application/merge-patch+json', 'X-CSRF-Token': s.csrf } });
      return [res.status, (await res.json()).message];
    }, TMF);
    check(r[0] === 403 && r[1] === 'user vic (viewer) cannot move tickets', JSON.stringify(r));
    await shot(v.page, 'viewer-ticket');
    await v.ctx.close();
  });
  await step('a change without the CSRF token gets 403', async () => {
    const r = await page.evaluate(async (tmf) => {
      const res = await fetch(tmf + '/2', { method: 'PATCH', body: '{"action":"dispatch","department":"radio"}',
        headers: { 'Content-Type': 'application/merge-patch+json' } });
      return res.status;
    }, TMF);
    check(r === 403, 'status ' + r);
  });
  await step('sign out: back to the sign-in page', async () => {
    await page.click('#signout');
    await page.waitForSelector('#signin', WAIT);
    const res = await page.goto(base + '/');
    check(res.status() === 401, 'status ' + res.status());
  });
  await step('no script error nor CSP violation on any page', async () => {
    check(problems.length === 0, problems.join(' | '));
  });
  await browser.close();
  console.log(pass + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})().catch((e) => {
  console.log('FAIL: ' + e.message);
  console.log(pass + ' passed, ' + (fail + 1) + ' failed');
  process.exit(1);
});
