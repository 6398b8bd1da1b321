// The monthly spending plan (issue 12, item 2) in the browser: a planner
// reads the dashboard's lagging list (the straight line on 2023-10-18,
// 79.7%: the robot project 2-2 is behind at 43.5% paid), records a
// monthly plan for it in the grid, and the lagging list changes: 2-2 is
// judged against its plan (37.9% expected on 10-18) and leaves the list,
// and the plan page says which basis each line uses. A refused grid says
// which cell and why, and records nothing. Screenshots at 1280 and 390 px.
// Indicator targets (issue 14, item 7) on the same page set: a planner sets
// a project indicator's target and records an actual on the project page,
// a refused actual says why and records nothing, the sheet shows 달성률 and
// the cost per unit, and the dashboard counts the project.
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

const I = '/i/sdf';
const D = '?as_of=2023-10-18';

async function session(name, width = 1280, institution = 'sdf') {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', institution);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

/** The grid row (index) of a line's label, e.g. '2-2 로봇활용'. */
async function gridRow(page, label) {
  const rows = await page.locator('table.plan-grid tbody th[scope=row]').allInnerTexts();
  const i = rows.findIndex((t) => t.includes(label));
  assert.ok(i >= 0, `a grid row for ${label}: ${rows.join(' | ')}`);
  return i;
}

async function fillRow(page, i, months) {
  await page.selectOption(`select[name="r${i}.form"]`, 'rates');
  for (let m = 0; m < 12; m++) await page.fill(`input[name="r${i}.m${m + 1}"]`, months[m]);
}

test('a planner records a monthly plan and the dashboard\'s lagging list changes', async () => {
  const { context, page } = await session('planner');
  await page.goto(`${BASE}${I}/${D}`);
  const before = page.locator('#lagging');
  // On the straight line the robot project is behind, and the list says
  // on what basis and how badly.
  assert.ok(await before.locator('tr[data-line="E3.2.2"]').count() === 1, 'E3.2.2 lags on the straight line');
  const robot = await before.locator('tr[data-line="E3.2.2"]').innerText();
  assert.match(robot, /로봇활용 시민체감 서비스 운영/);
  assert.match(robot, /직선/);
  assert.match(robot, /심각/);
  const countBefore = await before.locator('tbody tr').count();
  assert.ok(countBefore <= 10, 'at most ten lines on the dashboard');

  // The link to the basis and the plans; the page says what each line is
  // judged against.
  await Promise.all([page.waitForNavigation(), page.click('#lagging p.more a')]);
  assert.match(new URL(page.url()).pathname, /\/plan$/);
  assert.match(await page.locator('#judgement').innerText(), /계획이 없는 과목의 기준:\s*직선/);

  // A refused grid: April below March. Nothing is recorded; the cell is marked.
  let i = await gridRow(page, '2-2 로봇활용');
  await page.fill('input[name=date]', '2023-10-01');
  await fillRow(page, i, ['0', '0', '5', '4', '15', '20', '25', '30', '35', '40', '70', '100']);
  let [res] = await Promise.all([page.waitForNavigation(), page.click('#grid button.primary')]);
  assert.equal(res.status(), 422);
  const errors = await page.locator('.errors').innerText();
  assert.match(errors, /2-2 로봇활용 시민체감 서비스 운영 · 4월/);
  assert.match(errors, /4월 누계 지출률\(4\.0%\)이 전월\(5\.0%\)보다 낮습니다/);
  assert.equal(await page.locator(`input[name="r${i}.m4"][aria-invalid="true"]`).count(), 1);
  assert.match(await page.locator('#versions').innerText(), /기록된 집행계획이 없습니다/);
  await page.screenshot({ path: join(SHOTS, 'plan-refused-1280.png'), fullPage: true });

  // The plan: 40% by the end of October, from 10-01.
  i = await gridRow(page, '2-2 로봇활용');
  await page.fill('input[name=date]', '2023-10-01');
  await page.fill('input[name=note]', '하반기 집중 집행');
  await fillRow(page, i, ['0', '0', '5', '10', '15', '20', '25', '30', '35', '40', '70', '100']);
  [res] = await Promise.all([page.waitForNavigation(), page.click('#grid button.primary')]);
  assert.equal(res.status(), 200);
  assert.match(page.url(), /saved=1/);
  assert.match(await page.locator('p.ok').innerText(), /집행계획을 기록했습니다: 1/);
  const judged = await page.locator('#judgement tr[data-line="E3.2.2"]').innerText();
  assert.match(judged, /집행계획 \(2023-10-01~\)/);
  assert.match(judged, /37\.9%/);
  assert.match(judged, /정상/);
  assert.match(await page.locator('#versions').innerText(), /사업 2-2\s+2023-10-01/);
  await page.screenshot({ path: join(SHOTS, 'plan-1280.png'), fullPage: true });

  // Back on the dashboard: 2-2 has left the lagging list.
  await page.goto(`${BASE}${I}/${D}`);
  assert.equal(await page.locator('#lagging tr[data-line="E3.2.2"]').count(), 0, 'E3.2.2 is on plan');
  const lagging = await page.locator('#lagging').innerText();
  assert.match(lagging, /디지털 돌봄 체험버스 운영/, 'the care bus still lags');
  await page.screenshot({ path: join(SHOTS, 'plan-dashboard-1280.png'), fullPage: true });
  // Before the plan's date the straight line still judges 2-2.
  await page.goto(`${BASE}${I}/plan?as_of=2023-09-30`);
  assert.match(await page.locator('#judgement tr[data-line="E3.2.2"]').innerText(), /직선/);
  await context.close();

  // A phone: the page is no wider than the screen; the grid scrolls in its box.
  const phone = await session('planner', 390);
  await phone.page.goto(`${BASE}${I}/plan${D}`);
  const { scroll, inner } = await phone.page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `the plan page is ${scroll} px wide at ${inner} px`);
  await phone.page.screenshot({ path: join(SHOTS, 'plan-390.png'), fullPage: true });
  await phone.page.goto(`${BASE}${I}/${D}`);
  await phone.page.screenshot({ path: join(SHOTS, 'plan-dashboard-390.png'), fullPage: true });
  await phone.context.close();
});

test('a viewer reads the judgement but gets no grid', async () => {
  const { context, page } = await session('viewer');
  await page.goto(`${BASE}${I}/plan${D}`);
  assert.match(await page.locator('h1').innerText(), /월별 집행계획/);
  assert.equal(await page.locator('#grid').count(), 0);
  assert.ok(await page.locator('#judgement tbody tr').count() >= 10);
  await context.close();
});

test('a plan file uploaded through the form is recorded, with the CSRF token in the body, not the address', async () => {
  // The second institution's planner, so that no other test's figures move.
  const { context, page } = await session('stfplanner', 1280, 'stf');
  await page.goto(`${BASE}/i/stf/plan${D}`);
  const action = await page.locator('#upload form').getAttribute('action');
  assert.doesNotMatch(action, /_csrf/, 'the token travels in the form, never in the address');
  const csv = '사업,예산과목,방식,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월,비고\n'
    + '2-3,,누계비율,2023-10-01,0,0,5,10,15,20,25,30,35,40,70,100,파일로 올림\n';
  await page.setInputFiles('#upload input[type=file]', { name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#upload button.primary')]);
  assert.equal(res.status(), 200);
  assert.doesNotMatch(page.url(), /_csrf/);
  assert.match(await page.locator('p.ok').innerText(), /집행계획을 기록했습니다: 1/);
  assert.match(await page.locator('#versions').innerText(), /사업 2-3\s+2023-10-01/);
  await context.close();
});

test('a planner sets an indicator target, records an actual, and sees 달성률 and the cost per unit', async () => {
  // The second institution (a copy of the foundation), so that no other
  // test's pages change. 2-2's 이용자실적 against 50,000명 on 2023-10-18:
  // 40,525 ÷ 50,000 = 81.05% → 81.1%; 122,000천원 paid ÷ 40,525명 =
  // 3,010.49…원 → 3,010원 per 명.
  const { context, page } = await session('stfplanner', 1280, 'stf');
  await page.goto(`${BASE}/i/stf/projects/2-2${D}`);
  const target = page.locator('#target-form');
  await target.locator('select[name=indicator]').selectOption('users');
  await target.locator('input[name=target]').fill('50,000');
  await target.locator('input[name=baseline]').fill('38,000');
  await target.locator('input[name=output]').check();
  await Promise.all([page.waitForNavigation(), target.locator('button').click()]);
  assert.match(page.url(), /targets=1/);
  assert.match(await page.locator('#targets-2-2').innerText(), /실적 없음/);

  const actual = page.locator('#actual-form');
  await actual.locator('input[name=date]').fill('2023-10-01');
  await actual.locator('input[name=value]').fill('-1');
  const [refused] = await Promise.all([page.waitForNavigation(), actual.locator('button').click()]);
  assert.equal(refused.status(), 422);
  assert.match(await page.locator('#actual-form .field-error').innerText(), /실적 △1: 0보다 작을 수 없습니다/);
  assert.match(await page.locator('#targets-2-2').innerText(), /실적 없음/, 'nothing recorded');

  await page.locator('#actual-form input[name=value]').fill('40,525');
  await Promise.all([page.waitForNavigation(), page.locator('#actual-form button').click()]);
  const row = await page.locator('#targets-2-2 tbody tr').innerText();
  assert.match(row, /이용자실적/);
  assert.match(row, /81\.1%/);
  assert.match(row, /높을수록 좋음/);
  assert.match(row, /3,010원\/명/);
  await page.screenshot({ path: join(SHOTS, 'targets-project-1280.png'), fullPage: true });

  await page.goto(`${BASE}/i/stf/${D}`);
  assert.match(await page.locator('#targets h2').innerText(), /미흡 1/);
  await Promise.all([page.waitForNavigation(), page.locator('#targets a[href*="/projects/2-2"]').click()]);
  assert.match(new URL(page.url()).pathname, /\/projects\/2-2$/);
  await context.close();

  const phone = await session('stfplanner', 390, 'stf');
  await phone.page.goto(`${BASE}/i/stf/projects/2-2${D}`);
  await phone.page.screenshot({ path: join(SHOTS, 'targets-project-390.png'), fullPage: true });
  await phone.context.close();
});
