// Every page of the web app, as the account that may see it, at a desktop
// (1280 px) and a phone (390 px) width: the page must not be wider than the
// viewport (wide tables scroll inside their own box), and axe-core
// (npm, run inside the page) must find no serious or critical violation.
// Each page is saved as P-<name>-<width>.png under $SCREENSHOTS, so that a
// person looks at all of them after a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const PW = process.env.USER_PASSWORD;
assert.ok(BASE && SHOTS && PW, 'BASE_URL, SCREENSHOTS, USER_PASSWORD');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

// The foundation's 2024 draft, for the draft pages below: made once by
// its planner before the first visit (a draft moves no year; only its
// approval would).
let drafted = false;
async function draft2024() {
  if (drafted) return;
  const { context, page } = await signedIn('planner', 1280);
  await page.goto(`${BASE}${I}/budget/draft`);
  if (await page.locator('#create button').count()) {
    await Promise.all([page.waitForNavigation(), page.click('#create button')]);
  }
  await context.close();
  drafted = true;
}

const I = '/i/sdf';
const D = '?as_of=2023-10-18';

// [account, path, screenshot name]. The accounts are the harness's
// (crates/yesan/tests/browser.rs): `root` is an administrator of the
// foundation and a system administrator; `city` a city reader.
export const PAGES = [
  [null, '/login', 'login'],
  ['planner', `${I}/${D}`, 'dashboard'],
  ['planner', `${I}/budget${D}`, 'budget'],
  ['planner', `${I}/budget/economic${D}`, 'economic'],
  ['planner', `${I}/budget/lines/E3.2.3${D}`, 'line'],
  ['planner', `${I}/budget/amendments/new`, 'amendment-form'],
  ['planner', `${I}/years`, 'years'],
  ['planner', `${I}/years/compare`, 'years-compare'],
  ['planner', `${I}/projects${D}`, 'projects'],
  ['planner', `${I}/projects/2-3${D}`, 'project'],
  ['planner', `${I}/projects/2-1${D}`, 'project-targets'],
  ['planner', `${I}/projects/2-3/edit`, 'project-edit'],
  ['planner', `${I}/org${D}`, 'org'],
  ['planner', `${I}/org/edit`, 'org-edit'],
  ['planner', `${I}/reports${D}`, 'reports'],
  ['finance', `${I}/execution`, 'execution'],
  ['finance', `${I}/execution/new`, 'entry-form'],
  ['root', `${I}/audit`, 'audit'],
  ['root', `${I}/admin/users`, 'users'],
  ['root', '/admin/institutions', 'institutions'],
  ['root', '/account', 'account'],
  ['city', '/', 'chooser'],
  ['city', `/consolidated${D}`, 'consolidated'],
  ['planner', `${I}/plan${D}`, 'plan'],
  // Structural edits (the planning team's forms).
  ['planner', `${I}/budget/lines/new?parent=E3.2`, 'line-new'],
  ['planner', `${I}/budget/lines/E3.2.3/edit`, 'line-edit'],
  ['planner', `${I}/projects/new`, 'project-new'],
  ['planner', `${I}/org/units/new`, 'unit-new'],
  ['planner', `${I}/org/units/SIT`, 'unit-edit'],
  ['planner', `${I}/org/profile`, 'profile-edit'],
  // The draft budget (예산안): the list, the year's grid (made by the
  // planner before the pages are visited: see the hook below), its diff.
  ['planner', `${I}/budget/draft`, 'draft-list'],
  ['planner', `${I}/budget/draft/2024`, 'draft'],
  ['planner', `${I}/budget/draft/2024/diff?from=1&to=1`, 'draft-diff'],
  ['viewer', `${I}/budget/draft/2024`, 'draft-viewer'],
];

async function signedIn(name, width) {
  // The app's CSP allows no script; axe is injected by the test alone.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ko-KR', bypassCSP: true });
  const page = await context.newPage();
  if (name) {
    await page.goto(`${BASE}/login`);
    await page.selectOption('select[name=institution]', 'sdf');
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', PW);
    await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  }
  return { context, page };
}

/** The axe-core violations of serious or critical impact, one line each. */
async function seriousViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`);
}

for (const width of [1280, 390]) {
  test(`every page at ${width} px: no page wider than the viewport, no serious axe violation`, async () => {
    await draft2024();
    const problems = [];
    const sessions = new Map();
    for (const [account, path, name] of PAGES) {
      if (!sessions.has(account)) sessions.set(account, await signedIn(account, width));
      const { page } = sessions.get(account);
      const res = await page.goto(`${BASE}${path}`);
      assert.equal(res.status(), 200, `${path} as ${account}`);
      await page.screenshot({ path: join(SHOTS, `P-${name}-${width}.png`), fullPage: true });
      const { scroll, inner } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
      }));
      if (scroll > inner) problems.push(`${path}: the page is ${scroll} px wide at ${inner} px`);
      // No secret in an address: forms carry the CSRF token in their body.
      const leaks = await page.evaluate(() => [...document.querySelectorAll('form[action], a[href]')]
        .map((e) => e.getAttribute('action') ?? e.getAttribute('href'))
        .filter((u) => /[?&]_csrf=/.test(u)));
      for (const u of leaks) problems.push(`${path}: the CSRF token is in the address ${u}`);
      for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
    }
    for (const { context } of sessions.values()) await context.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

// Keyboard-only use: on every page, Tab from the top reaches every control
// of every form in the page's main part (nothing is mouse-only), with a
// visible focus; and a person signs in and filters the execution list
// with the keyboard alone.
test('every form control is reached with the Tab key, and sign-in and a search work by keyboard alone', async () => {
  await draft2024();
  const problems = [];
  const sessions = new Map();
  for (const [account, path] of PAGES) {
    if (!sessions.has(account)) sessions.set(account, await signedIn(account, 1280));
    const { page } = sessions.get(account);
    await page.goto(`${BASE}${path}`);
    const controls = await page.evaluate(() => {
      // A control folded in a closed <details> is reached once its
      // summary (itself reached) opens it.
      const all = [...document.querySelectorAll('main :is(input, select, textarea, button)')]
        .filter((e) => e.type !== 'hidden' && !e.disabled && e.offsetParent !== null
          && !e.closest('details:not([open])'));
      all.forEach((e, i) => e.setAttribute('data-kb', String(i)));
      return all.length;
    });
    if (controls === 0) continue;
    const reached = new Set();
    for (let i = 0; i < controls * 2 + 80 && reached.size < controls; i++) {
      await page.keyboard.press('Tab');
      const kb = await page.evaluate(() => document.activeElement?.getAttribute('data-kb'));
      if (kb !== null && kb !== undefined) reached.add(kb);
    }
    if (reached.size < controls) {
      const missed = await page.evaluate((got) => [...document.querySelectorAll('[data-kb]')]
        .filter((e) => !got.includes(e.getAttribute('data-kb')))
        .slice(0, 5).map((e) => e.outerHTML.slice(0, 120)), [...reached]);
      problems.push(`${path}: ${controls - reached.size} of ${controls} controls not reached by Tab: ${missed.join(' | ')}`);
    }
  }
  for (const { context } of sessions.values()) await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));

  // Sign in and search without the mouse.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.focus('select[name=institution]');
  // Arrow keys move through the institutions (after the empty choice).
  for (let i = 0; i < 5 && await page.locator('select[name=institution]').inputValue() !== 'sdf'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.locator('select[name=institution]').inputValue(), 'sdf');
  await page.keyboard.press('Tab');
  await page.keyboard.type('finance');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PW);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, `${I}/`);
  await page.goto(`${BASE}${I}/execution`);
  await page.focus('form.filters input[name=q]');
  await page.keyboard.type('OPEN-E3.2.3');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /q=OPEN-E3\.2\.3/);
  assert.match(await page.locator('main').innerText(), /34,592,000/);
  await context.close();
});
