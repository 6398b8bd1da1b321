// Two institutions in one server, in the browser: the harness added
// 서울테스트재단 (`stf`) with its own planner (`stfplanner`) and made
// `city` a city reader. A planner of one institution signs in to it, sees
// it, and reaches nothing of the other (403, and the chooser goes straight
// back to its own); the city reader chooses between both, switches in the
// header, reads the consolidated view and drills down into one. At 1280
// and 390 px; screenshots 40–46 under $SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const PW = process.env.USER_PASSWORD;
assert.ok(BASE && SHOTS && PW, 'BASE_URL, SCREENSHOTS, USER_PASSWORD');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

async function signIn(institution, name, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', institution);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

test('a planner of one institution sees it and nothing of the other; the city reader sees both', async () => {
  // Sign in to B (stf): straight to its dashboard, its name in the header.
  const b = await signIn('stf', 'stfplanner');
  assert.equal(new URL(b.page.url()).pathname, '/i/stf/');
  assert.match(await b.page.locator('header .inst-name').innerText(), /서울테스트재단/);
  assert.match(await b.page.locator('header a.who').innerText(), /기획/);
  await b.page.goto(`${BASE}/i/stf/budget?as_of=2023-10-18`);
  // The harness gave it the seed's dataset under its own name: its 세출.
  assert.match(await b.page.locator('main').innerText(), /9,720,439/);
  await shot(b.page, '40-institution-b');
  // Anything of A (sdf) is refused, pages and API alike.
  const page = await b.page.goto(`${BASE}/i/sdf/budget`);
  assert.equal(page.status(), 403);
  await shot(b.page, '41-other-institution-refused');
  const api = await b.page.goto(`${BASE}/i/sdf/api/status`);
  assert.equal(api.status(), 403);
  // The chooser offers only its own.
  await b.page.goto(`${BASE}/`);
  assert.equal(new URL(b.page.url()).pathname, '/i/stf/');
  // A bookmark of before lands in its own institution.
  await b.page.goto(`${BASE}/budget`);
  assert.equal(new URL(b.page.url()).pathname, '/i/stf/budget');
  await b.context.close();

  // The city reader: the chooser lists both, a viewer in each.
  const c = await signIn('sdf', 'city');
  assert.equal(new URL(c.page.url()).pathname, '/');
  const list = await c.page.locator('ul.institutions').innerText();
  assert.match(list, /서울디지털재단/);
  assert.match(list, /서울테스트재단/);
  await shot(c.page, '42-chooser');
  await Promise.all([c.page.waitForNavigation(), c.page.click('li[data-institution="sdf"] a')]);
  assert.equal(new URL(c.page.url()).pathname, '/i/sdf/');
  // The header's switcher: to the other institution.
  await c.page.selectOption('form[data-switch="institution"] select', 'stf');
  await Promise.all([c.page.waitForNavigation(), c.page.click('form[data-switch="institution"] button')]);
  assert.equal(new URL(c.page.url()).pathname, '/i/stf/');
  assert.match(await c.page.locator('header .inst-name').innerText(), /서울테스트재단/);
  // Read-only there: no form of any team.
  const form = await c.page.goto(`${BASE}/i/stf/execution/new`);
  assert.equal(form.status(), 403);
  // The consolidated view: both rows (and the draft budget test's own
  // institution, drf); a name drills down on the date.
  await c.page.goto(`${BASE}/consolidated?as_of=2023-10-18`);
  assert.equal(await c.page.locator('tr[data-institution="sdf"]').count(), 1);
  assert.equal(await c.page.locator('tr[data-institution="stf"]').count(), 1);
  await shot(c.page, '43-consolidated-two');
  await Promise.all([c.page.waitForNavigation(), c.page.click('tr[data-institution="stf"] th a')]);
  assert.match(c.page.url(), /\/i\/stf\/\?as_of=2023-10-18$/);
  assert.match(await c.page.locator('main').innerText(), /집행 현황판/);
  assert.match(await c.page.locator('header .inst-name').innerText(), /서울테스트재단/);
  await shot(c.page, '44-drilldown');
  await c.context.close();

  // On a phone: the chooser, and the wide table keeps its name column
  // while the figures scroll, with a cue that they do.
  const p = await signIn('sdf', 'city', 390);
  await shot(p.page, '45-chooser-phone');
  await p.page.goto(`${BASE}/consolidated?as_of=2023-10-18`);
  const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page scrolls sideways on a phone: ${width}px`);
  const sticky = await p.page.locator('tr[data-institution="stf"] th').evaluate((e) => getComputedStyle(e).position);
  assert.equal(sticky, 'sticky');
  assert.ok(await p.page.locator('.scroll-cue').isVisible(), 'the sideways cue shows');
  await p.page.locator('.scroll.wide').evaluate((e) => { e.scrollLeft = 240; });
  await shot(p.page, '46-consolidated-phone-scrolled');
  await p.context.close();
});
