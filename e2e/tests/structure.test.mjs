// The planning team's structural edits in the browser: a budget line added
// with its 추경 and a project for it; a unit added and a team moved under
// it; a refusal on the form. The edits are dated 2023-12-10, after every
// date the other tests read (the seed's 2023-10-18 and the entries of
// 10-19 to 10-21), so the pages they check are as the seed has them: a
// change dated later never rewrites an earlier date. Screenshots S-*.png
// at 1280 px and 390 px.
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

const I = '/i/sdf';
const DATE = '2023-12-10';

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

async function planner() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', 'sdf');
  await page.fill('input[name=name]', 'planner');
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

/** The page at 1280 px and at 390 px; no wider than the phone's viewport. */
async function shots(page, name) {
  await page.screenshot({ path: join(SHOTS, `S-${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, `S-${name}-390.png`), fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(wide <= 390, `${name}: ${wide} px wide at 390 px`);
}

test('a planner adds a budget line with its 추경 and a project for it', async () => {
  const { context, page } = await planner();
  await page.goto(`${BASE}${I}/budget`);
  await Promise.all([page.waitForNavigation(), page.click(`a[href="${I}/budget/lines/new"]`)]);
  assert.equal(await page.locator('h1').innerText(), '과목 추가');
  await page.fill('input[name=date]', DATE);
  await page.selectOption('select[name=parent]', 'E3.4');
  await page.fill('input[name=code]', 'E3.4.3');
  await page.fill('input[name=name]', '메타버스 시민 안전교육');
  await page.fill('input[name=amount]', '40,000,000');
  await page.selectOption('select[name=amendment_kind]', 'supplementary');
  await page.fill('input[name=amendment_no]', '2023-추경-E2E');
  await page.fill('input[name=note]', '이사회 의결 제9호');
  await shots(page, 'line-new');
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.equal(new URL(page.url()).pathname, `${I}/budget/lines/E3.4.3`);
  assert.match(page.url(), /as_of=2023-12-10/);
  assert.equal(await page.locator('#current').innerText(), '40,000');
  assert.match(await page.locator('main').innerText(), /신설일 2023-12-10/);
  await shots(page, 'line-added');

  // The project for it: the form comes filled from the line.
  await Promise.all([page.waitForNavigation(), page.click('a[href*="/projects/new?line=E3.4.3"]')]);
  assert.equal(await page.locator('form#project input[name=code]').inputValue(), '4-3');
  assert.equal(await page.locator('form#project select[name=program]').inputValue(), '4');
  assert.equal(await page.locator('form#project select[name=line]').inputValue(), 'E3.4.3');
  await page.fill('form#project input[name=date]', DATE);
  await page.selectOption('form#project select[name=executive]', 'INNO');
  await page.selectOption('form#project select[name=team]', 'MCT');
  await page.fill('form#project input[name=officer_name]', '김메타');
  await page.fill('form#project input[name=officer_ext]', '4671');
  await page.fill('form#project textarea[name=purpose]', '메타버스 공간에서 시민의 안전한 이용을 돕는 교육 운영');
  await page.fill('form#project textarea[name=background]', '메타버스 이용 확대에 따른 안전교육 필요');
  await page.fill('form#project textarea[name=content]', '시민 대상 메타버스 안전교육 운영');
  await shots(page, 'project-new');
  await Promise.all([page.waitForNavigation(), page.click('form#project button.primary')]);
  assert.equal(new URL(page.url()).pathname, `${I}/projects/4-3`);
  const sheet = await page.locator('main').innerText();
  assert.match(sheet, /메타버스 시민 안전교육/);
  assert.match(sheet, /40,000/);
  assert.match(sheet, /메타버스 공간에서 시민의 안전한 이용을 돕는 교육 운영/);
  await shots(page, 'project-added');

  // The list has it from its date; the seed's date does not.
  await page.goto(`${BASE}${I}/projects?as_of=${DATE}`);
  assert.match(await page.locator('main').innerText(), /4-3 메타버스 시민 안전교육/);
  await page.goto(`${BASE}${I}/projects?as_of=2023-10-18`);
  assert.doesNotMatch(await page.locator('main').innerText(), /4-3 메타버스 시민 안전교육/);
  await context.close();
});

test('a planner adds a unit and moves a team under it; a refusal says why on the form', async () => {
  const { context, page } = await planner();
  await page.goto(`${BASE}${I}/org`);
  await Promise.all([page.waitForNavigation(), page.click(`a[href="${I}/org/units/new"]`)]);
  assert.equal(await page.locator('h1').innerText(), '부서 추가');
  await page.fill('input[name=date]', DATE);
  await page.fill('input[name=code]', 'DXO');
  await page.fill('input[name=name]', '디지털전환실');
  await page.selectOption('select[name=kind]', '실');
  await page.selectOption('select[name=parent]', '');
  await page.fill('input[name=head_name]', '이전환');
  await page.fill('input[name=head_ext]', '4600');
  await shots(page, 'unit-new');
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.match(page.url(), /\/org\?as_of=2023-12-10$/);
  assert.match(await page.locator('h1').innerText(), /2실 1본부 7팀/);

  // 메타시티팀 under the new office.
  await Promise.all([page.waitForNavigation(), page.click(`tr[data-unit="MCT"] a`)]);
  assert.match(await page.locator('h1').innerText(), /메타시티팀/);
  await page.fill('form#move input[name=date]', DATE);
  await page.selectOption('form#move select[name=parent]', 'DXO');
  await shots(page, 'unit-edit');
  await Promise.all([page.waitForNavigation(), page.click('form#move button.primary')]);
  assert.match(page.url(), /\/org\?as_of=2023-12-10$/);
  const office = page.locator('ul.orgchart > li', { hasText: '디지털전환실' });
  assert.match(await office.innerText(), /메타시티팀/);
  await shots(page, 'org-after');

  // The office has a team under it: it cannot be dissolved, and the form
  // says why, naming the team.
  await page.goto(`${BASE}${I}/org/units/DXO`);
  await page.fill('form#dissolve input[name=date]', DATE);
  const [res] = await Promise.all([page.waitForNavigation(), page.click('form#dissolve button')]);
  assert.equal(res.status(), 422);
  assert.match(await page.locator('.errors').innerText(), /디지털전환실 아래에 메타시티팀이 있습니다\. 하위 조직을 먼저 옮기거나 폐지하세요/);
  await shots(page, 'unit-refused');

  // The seed's date is as it was.
  await page.goto(`${BASE}${I}/org?as_of=2023-10-18`);
  assert.match(await page.locator('h1').innerText(), /1실 1본부 7팀/);
  assert.doesNotMatch(await page.locator('ul.orgchart').innerText(), /디지털전환실/);
  await context.close();
});
