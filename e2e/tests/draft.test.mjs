// The draft budget (예산안, issue 14) in the browser, in an institution of
// its own (drf: the seed's dataset under another name, made by the harness
// crates/yesan/tests/browser.rs with two planners, drplanner and
// drapprover), so that its 2024 budget moves no other test's figures.
//
// A planner creates the 2024 draft from 2023 and gives the line E3.2.3
// 디지털 돌봄 체험버스 운영 (2023: 215,000천원, typed) two 산출기초 items;
// the line, its program (2 디지털포용 종합지원) and the expenditure total
// change as they are typed (the page's script posts the grid, the server
// computes), compared with 2023. By hand, in 천원 as the page shows them:
//   강사료 50,000원 × 20명 × 10회 = 10,000,000원
//   차량 임차료 600,000원 × 12개월 = 7,200,000원
//   E3.2.3: 17,200 (2023: 215,000), 증감 △197,800, 증감률 △92.0
//     (197,800 / 215,000 = 0.92 exactly)
//   program 2 (E3.2): 1,378,400 − 197,800 = 1,180,600, 증감률 △14.3
//     (197,800 / 1,378,400 = 0.14350)
//   expenditure: 2,396,332 + 1,472,349 + 5,067,700 + 784,058 = 9,720,439
//     → 9,522,639, 증감률 △2.0 (197,800 / 9,720,439 = 0.02035)
// It is saved as version 2 and submitted; the submitter may not approve
// it (four-eyes, the app's refusal shown in Korean); the second planner
// approves it with the board's resolution; the 2024 budget then shows the
// draft's amounts as 본예산, and an edit of the approved draft (a form
// left open before the approval) is refused with the app's message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const PW = process.env.USER_PASSWORD;
assert.ok(BASE && SHOTS && PW, 'BASE_URL, SCREENSHOTS, USER_PASSWORD');
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

const I = '/i/drf';

async function session(name, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', 'drf');
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The text of a figure cell (`amt:E3.2.3`, `prog-chg:2`, `tot-amt:1` …). */
async function cell(page, id) {
  return (await page.locator(`[data-cell="${id}"]`).first().innerText()).trim();
}

/** Waits until the cell reads `text` (the live preview answers). */
async function until(page, id, text) {
  await page.waitForFunction(([i, t]) => {
    const e = document.querySelector(`[data-cell="${i}"]`);
    return e && e.textContent.trim() === t;
  }, [id, text], { timeout: 10_000 });
}

async function fits(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what} is ${scroll} px wide at ${inner} px`);
}

test('a planner drafts 2024 with live totals, saves version 2 and submits; another planner approves; the 2024 budget is the draft', async () => {
  const { context, page } = await session('drplanner');
  await page.goto(`${BASE}${I}/budget/draft`);
  assert.match(await page.locator('h1').innerText(), /연도별 예산안/);
  const create = page.locator('#create button');
  assert.match(await create.innerText(), /2024 예산안 만들기/);
  await Promise.all([page.waitForNavigation(), create.click()]);
  assert.match(new URL(page.url()).pathname, /\/budget\/draft\/2024$/);
  assert.match(await page.locator('h1').innerText(), /2024 예산안\s+1차/);
  assert.match(await page.locator('#draft-status').innerText(), /작성 중/);
  // Version 1 is 2023's budget: the line as typed, no change.
  assert.equal(await cell(page, 'amt:E3.2.3'), '215,000');
  assert.equal(await cell(page, 'cur:E3.2.3'), '215,000');
  assert.equal(await cell(page, 'chg:E3.2.3'), '0');
  assert.equal(await cell(page, 'tot-amt:1'), '9,720,439');

  // The first item, in the line's spare row.
  const line = page.locator('tbody[data-line="E3.2.3"]');
  // A line without items keeps its 산출기초 folded: opened here.
  await line.locator('details.basis > summary').click();
  let rows = line.locator('tr.item');
  assert.equal(await rows.count(), 1, 'one spare row');
  await rows.nth(0).locator('input[name$=".group"]').fill('운영비');
  await rows.nth(0).locator('input[name$=".desc"]').fill('강사료');
  await rows.nth(0).locator('input[name$=".price"]').fill('50,000');
  await rows.nth(0).locator('input[name$=".factors"]').fill('20명 × 10회');
  // Live: the line is 10,000천원 now (the typed amount gives way to items).
  await until(page, 'amt:E3.2.3', '10,000');
  assert.equal(await line.locator('label.typed').isHidden(), true, 'the typed amount gives way');
  assert.equal(await rows.nth(0).locator('[data-cell^="prod:"]').innerText(), '10,000,000');

  // A second item: a row added by the button; first a factor that is no
  // factor, shown beside its field.
  await line.locator('button[data-add]').click();
  rows = line.locator('tr.item');
  assert.equal(await rows.count(), 2);
  await rows.nth(1).locator('input[name$=".desc"]').fill('차량 임차료');
  await rows.nth(1).locator('input[name$=".price"]').fill('600,000');
  await rows.nth(1).locator('input[name$=".factors"]').fill('12개월 × 사');
  await page.waitForSelector('tbody[data-line="E3.2.3"] input[name$=".factors"][aria-invalid="true"]', { timeout: 10_000 });
  const problem = await page.locator('#draft-problems').innerText();
  assert.match(problem, /E3\.2\.3 디지털 돌봄 체험버스 운영/);
  assert.match(problem, /산출기초 2번 수량·횟수/);
  await shot(page, 'draft-problem-1280');
  await rows.nth(1).locator('input[name$=".factors"]').fill('12개월');
  await until(page, 'amt:E3.2.3', '17,200');
  assert.equal(await page.locator('#draft-problems').isHidden(), true);
  assert.equal(await rows.nth(1).locator('[data-cell^="prod:"]').innerText(), '7,200,000');
  assert.equal(await line.locator('details.basis > summary small').innerText(), '(2)', 'the summary counts the priced items');
  // The line, its program and the total against 2023, computed by hand.
  assert.equal(await cell(page, 'cur:E3.2.3'), '215,000');
  assert.equal(await cell(page, 'chg:E3.2.3'), '△197,800');
  assert.equal(await cell(page, 'rate:E3.2.3'), '△92.0');
  assert.equal(await cell(page, 'amt:E3.2'), '1,180,600');
  assert.equal(await cell(page, 'prog-amt:E3.2'), '1,180,600');
  assert.equal(await cell(page, 'prog-cur:E3.2'), '1,378,400');
  assert.equal(await cell(page, 'prog-chg:E3.2'), '△197,800');
  assert.equal(await cell(page, 'prog-rate:E3.2'), '△14.3');
  assert.equal(await cell(page, 'tot-amt:1'), '9,522,639');
  assert.equal(await cell(page, 'tot-cur:1'), '9,720,439');
  assert.equal(await cell(page, 'tot-chg:1'), '△197,800');
  assert.equal(await cell(page, 'tot-rate:1'), '△2.0');
  await shot(page, 'draft-live-1280');

  // Saved as version 2.
  await page.fill('input[name=note]', '돌봄버스 산출기초 작성');
  let [res] = await Promise.all([page.waitForNavigation(), page.click('#draft-save')]);
  assert.equal(res.status(), 200);
  assert.match(await page.locator('p.flash').innerText(), /2차 예산안을 저장했습니다/);
  assert.match(await page.locator('h1').innerText(), /2차/);
  assert.equal(await cell(page, 'amt:E3.2.3'), '17,200');
  const versions = await page.locator('#versions').innerText();
  assert.match(versions, /1차/);
  assert.match(versions, /2차\s+web:drplanner\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+돌봄버스 산출기초 작성/);
  // The diff between 1 and 2 names the line and the items added.
  await Promise.all([page.waitForNavigation(), page.click('#diff-form button')]);
  const diff = await page.locator('#diff').innerText();
  assert.match(diff, /E3\.2\.3 디지털 돌봄 체험버스 운영/);
  assert.match(diff, /강사료/);
  assert.match(diff, /215,000\s+17,200\s+△197,800/);
  await shot(page, 'draft-diff-1280');
  // The version shown downloads as the editable workbook.
  await page.goto(`${BASE}${I}/budget/draft/2024`);
  const href = await page.locator('#workbook-download').getAttribute('href');
  const xlsx = await page.request.get(`${BASE}${href}`);
  assert.equal(xlsx.status(), 200);
  assert.match(xlsx.headers()['content-type'], /spreadsheetml\.sheet/);

  // A second tab keeps the grid open, to try an edit after the approval.
  const stale = await context.newPage();
  await stale.goto(`${BASE}${I}/budget/draft/2024`);

  // Submitted; the submitter may not approve it.
  await page.goto(`${BASE}${I}/budget/draft/2024`);
  await Promise.all([page.waitForNavigation(), page.click('#submit button')]);
  assert.match(await page.locator('#draft-status').innerText(), /제출됨/);
  assert.equal(await page.locator('#draft-form').count(), 0, 'no grid while submitted');
  await page.fill('#approve input[name=date]', '2023-12-20');
  await page.fill('#approve input[name=number]', '제2023-12호');
  [res] = await Promise.all([page.waitForNavigation(), page.click('#approve button.primary')]);
  assert.equal(res.status(), 422);
  assert.match(await page.locator('#draft-refusal').innerText(), /'web:drplanner' 사용자가 제출했거나 저장한 예산안입니다\. 승인은 다른 사용자가 합니다/);
  await shot(page, 'draft-four-eyes-1280');

  // The second planner approves it with the board's resolution.
  const other = await session('drapprover');
  await other.page.goto(`${BASE}${I}/budget/draft/2024`);
  await other.page.fill('#approve input[name=date]', '2023-12-20');
  await other.page.fill('#approve input[name=number]', '제2023-12호');
  await other.page.fill('#approve input[name=note]', '원안 의결');
  [res] = await Promise.all([other.page.waitForNavigation(), other.page.click('#approve button.primary')]);
  assert.equal(res.status(), 200);
  assert.match(await other.page.locator('#draft-status').innerText(), /의결됨/);
  const resolution = await other.page.locator('#resolution').innerText();
  assert.match(resolution, /2023-12-20/);
  assert.match(resolution, /제2023-12호/);
  assert.match(resolution, /원안 의결/);
  assert.match(resolution, /drapprover/);
  assert.equal(await other.page.locator('#draft-form').count(), 0, 'read-only once approved');
  await shot(other.page, 'draft-approved-1280');
  await other.context.close();

  // The edit left open before the approval is refused with the app's words.
  [res] = await Promise.all([stale.waitForNavigation(), stale.click('#draft-save')]);
  assert.equal(res.status(), 422);
  assert.match(await stale.locator('#draft-refusal').innerText(), /승인된 예산안은 고칠 수 없습니다/);
  await shot(stale, 'draft-approved-edit-refused-1280');

  // 2024 opened: its 본예산 is the draft's.
  await page.goto(`${BASE}${I}/years`);
  if (await page.locator('#open-year button').count()) {
    await Promise.all([page.waitForNavigation(), page.click('#open-year button')]);
  }
  await page.goto(`${BASE}${I}/budget?as_of=2024-01-02`);
  assert.match(await page.locator('h1').innerText(), /2024/);
  const budgetRow = await page.locator('#expenditure tr[data-line="E3.2.3"]').innerText();
  assert.match(budgetRow, /디지털 돌봄 체험버스 운영\s+17,200\s+215,000\s+△197,800/);
  await shot(page, 'draft-budget-2024-1280');
  await context.close();
});

test('the draft pages fit a phone, the grid scrolling in its own box; a viewer reads them in English but may not post', async () => {
  const phone = await session('drplanner', 390);
  await phone.page.goto(`${BASE}${I}/budget/draft`);
  await fits(phone.page, 'the draft list');
  await shot(phone.page, 'draft-list-390');
  // Alone (YESAN_E2E_ONLY), the draft is made here.
  if (await phone.page.locator('#create button').count()) {
    await Promise.all([phone.page.waitForNavigation(), phone.page.click('#create button')]);
  }
  await phone.page.goto(`${BASE}${I}/budget/draft/2024`);
  assert.match(await phone.page.locator('h1').innerText(), /2024 예산안/);
  await fits(phone.page, 'the draft');
  const box = await phone.page.evaluate(() => {
    const s = document.querySelector('#grid .scroll');
    return s ? { scroll: s.scrollWidth, client: s.clientWidth } : null;
  });
  assert.ok(box && box.scroll > box.client, `the grid scrolls inside its box: ${JSON.stringify(box)}`);
  await shot(phone.page, 'draft-390');
  await phone.context.close();

  const viewer = await session('drviewer');
  const res = await viewer.page.goto(`${BASE}${I}/budget/draft`);
  assert.equal(res.status(), 200);
  assert.equal(await viewer.page.locator('#create').count(), 0, 'no create button for a viewer');
  // The interface-language switch: the same draft in English, read-only.
  await viewer.page.goto(`${BASE}/lang/en`);
  await viewer.page.goto(`${BASE}${I}/budget/draft/2024`);
  assert.match(await viewer.page.locator('h1').innerText(), /2024 Draft budget\s+v\d/);
  assert.match(await viewer.page.locator('#totals').innerText(), /Expenditure/);
  assert.equal(await viewer.page.locator('#draft-form').count(), 0, 'no grid for a viewer');
  await shot(viewer.page, 'draft-en-1280');
  await viewer.page.goto(`${BASE}${I}/budget/draft`);
  const status = await viewer.page.evaluate(async (url) => {
    const token = document.querySelector('input[name=_csrf]')?.value ?? '';
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': token },
      body: 'year=2025',
    });
    return r.status;
  }, `${BASE}${I}/budget/draft`);
  assert.equal(status, 403);
  await viewer.context.close();
});
