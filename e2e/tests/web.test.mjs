// Browser tests of Yesan's web app, in Debian's chromium driven by
// playwright-core. The Rust harness (crates/yesan/tests/browser.rs) starts
// `yesan serve` on a fresh database, creates the accounts below with
// `yesan user add`, and passes the address and the first administrator's
// one-time password in the environment. Every main page is saved as a
// screenshot under $SCREENSHOTS. Each test uses its own budget lines and
// dates, so that it passes alone and in any order (the harness runs one
// alone with YESAN_E2E_ONLY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const PW = process.env.USER_PASSWORD; // shared by the accounts the harness made
const ADMIN_PW = process.env.ADMIN_PASSWORD; // the first run's one-time password
assert.ok(BASE && SHOTS && PW && ADMIN_PW, 'BASE_URL, SCREENSHOTS, USER_PASSWORD, ADMIN_PASSWORD');
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

// The foundation's pages: every institution route is under /i/{code}/.
const I = '/i/sdf';

async function session(name, password = PW, lang = 'ko') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  // Names are unique within an institution: the form asks which.
  await page.selectOption('select[name=institution]', 'sdf');
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test('the first administrator signs in with the one-time password and must change it', async () => {
  const { context, page } = await session('admin', ADMIN_PW);
  assert.match(page.url(), /\/account$/);
  await page.fill('input[name=current]', ADMIN_PW);
  await page.fill('input[name=new]', 'admin-new-password-1');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/password"] button')]);
  assert.match(page.url(), /changed=1/);
  await page.goto(`${BASE}${I}/admin/users`);
  assert.equal(await page.locator('h1').innerText(), '사용자 관리');
  await shot(page, '14-users');
  await context.close();
});

// Every main page a reader sees: its heading and a figure or fact of the
// seed report (as of 2023-10-18, in 천원 unless a rate or a count).
const PAGES = [
  [`${I}/budget?as_of=2023-10-18`, '02-budget', /2023 예산/, /9,720,439/],
  [`${I}/budget/lines/E3.2.3?as_of=2023-10-18`, '03-line', /디지털 돌봄 체험버스 운영/, /16\.1%/],
  [`${I}/projects?as_of=2023-10-18`, '04-projects', /^사업/, /215,000/],
  [`${I}/projects/2-3`, '05-project', /디지털 돌봄 체험버스 운영/, /215,000/],
  [`${I}/org`, '06-org', /1실 1본부 7팀/, /정원\s+45\b/],
  [`${I}/execution?q=OPEN-E3.2.3`, '07-execution', /집행 내역/, /34,592,000/],
  [`${I}/reports`, '10-reports', /업무현황 보고서/, /서울디지털재단 · 2023/],
  ['/account', '12-account', /내 계정/, /viewer/],
];

test('a viewer signs in and reads the 2023-10-18 dashboard and every main page', async () => {
  const { context, page } = await session('viewer');
  // One institution to read: the chooser goes straight to it.
  assert.equal(new URL(page.url()).pathname, `${I}/`);
  await page.goto(`${BASE}${I}/?as_of=2023-10-18`);
  const text = await page.locator('main').innerText();
  assert.match(text, /집행 현황판/);
  assert.match(text, /2023-10-18/);
  // The seed's totals: 9,720,439 budget; 61.8% committed, 51.0% paid.
  assert.match(text, /9,720,439/);
  assert.match(text, /61\.8%/);
  assert.match(text, /51\.0%/);
  // 디지털 돌봄 체험버스 운영 at 0.2% paid is lagging.
  const lagging = await page.locator('#lagging').innerText();
  assert.match(lagging, /디지털 돌봄 체험버스 운영/);
  assert.match(lagging, /0\.2%/);
  assert.equal(await page.locator('svg.chart').count(), 2);
  await shot(page, '01-dashboard');
  for (const [path, name, heading, figure] of PAGES) {
    const res = await page.goto(`${BASE}${path}`);
    assert.equal(res.status(), 200, path);
    // The page's title heading (a project page's is its sheet's).
    const title = page.locator('main :is(h1, h2, h3)').first();
    assert.match(await title.innerText({ timeout: 5000 }), heading, `${path}: heading`);
    assert.match(await page.locator('main').innerText(), figure, `${path}: figure`);
    await shot(page, name);
  }
  // A viewer cannot reach the forms.
  const denied = await page.goto(`${BASE}${I}/execution/new`);
  assert.equal(denied.status(), 403);
  await page.goto(`${BASE}/lang/en?back=${I}/`);
  assert.match(await page.locator('main').innerText(), /Execution dashboard/);
  await shot(page, '15-dashboard-en');
  await context.close();
  const anon = await browser.newPage();
  await anon.goto(`${BASE}/login`);
  await shot(anon, '13-login');
  await anon.close();
});

async function rates(page) {
  return {
    commit: await page.locator('#commit-rate').innerText(),
    committed: await page.locator('#committed').innerText(),
  };
}

test('finance records a commitment and sees the line rate change', async () => {
  const { context, page } = await session('finance');
  await page.goto(`${BASE}${I}/budget/lines/E3.2.3?as_of=2023-10-20`);
  const before = await rates(page);
  assert.deepEqual(before, { commit: '16.1%', committed: '34,592' });
  await page.goto(`${BASE}${I}/execution/new?line=E3.2.3`);
  await page.fill('input[name=date]', '2023-10-20');
  await page.fill('input[name=doc_no]', 'E2E-0001');
  await page.selectOption('select[name=kind]', 'commit');
  await page.fill('input[name=amount]', '10,000,000');
  await page.fill('input[name=counterparty]', '(주)체험버스');
  await shot(page, '08-entry-form');
  await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  assert.match(page.url(), /\/budget\/lines\/E3\.2\.3/);
  const after = await rates(page);
  // 44,592 of 215,000 = 20.7%.
  assert.deepEqual(after, { commit: '20.7%', committed: '44,592' });
  await context.close();
});

test('an over-commitment is refused next to the amount field', async () => {
  const { context, page } = await session('finance');
  // E3.4.1 메타버스 서울 시민참여 문화 조성, which no other test touches.
  await page.goto(`${BASE}${I}/execution/new?line=E3.4.1`);
  await page.fill('input[name=date]', '2023-10-20');
  await page.fill('input[name=doc_no]', 'E2E-0002');
  await page.fill('input[name=amount]', '200,000,000');
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  assert.equal(res.status(), 422);
  const err = await page.locator('#err-amount').innerText();
  // Available (the seed): 350,000,000 − 161,188,000 = 188,812,000.
  assert.match(err, /188,812,000/);
  assert.equal(await page.locator('input[name=amount]').getAttribute('aria-invalid'), 'true');
  await shot(page, '09-over-commitment');
  await page.goto(`${BASE}${I}/execution?q=E2E-0002`);
  assert.match(await page.locator('table.entries').innerText(), /조건에 맞는 내역이 없습니다/);
  await context.close();
});

test('a CSV with one bad row is previewed and nothing is imported', async () => {
  const { context, page } = await session('finance');
  const csv = '일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n'
    + '2023-10-21,E2E-CSV-1,원인행위,E3.2.1,"1,000,000",,(주)교육,강사료\n'
    + '2023-10-21,E2E-CSV-2,원인행위,E3.2.1,일백만원,,(주)교육,강사료\n'
    + '2023-10-21,E2E-CSV-3,원인행위,E3.2.2,"2,000,000",,(주)로봇,유지보수\n';
  const file = join(SHOTS, '..', 'e2e-upload.csv');
  writeFileSync(file, csv);
  await page.goto(`${BASE}${I}/execution`);
  await page.setInputFiles('#upload input[type=file]', file);
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#upload button')]);
  assert.equal(res.status(), 422);
  const table = await page.locator('table.preview').innerText();
  assert.match(table, /E2E-CSV-1/);
  assert.match(table, /E2E-CSV-3/);
  assert.equal(await page.locator('table.preview tr.bad').count(), 1);
  assert.equal(await page.locator('form[action^="/i/sdf/execution/upload/"]').count(), 0, 'no confirm button');
  await shot(page, '16-upload-refused');
  await page.goto(`${BASE}${I}/execution?q=E2E-CSV`);
  assert.match(await page.locator('table.entries').innerText(), /조건에 맞는 내역이 없습니다/);
  // The same file without the bad row is previewed, confirmed and recorded.
  writeFileSync(file, csv.split('\n').filter((l) => !l.includes('CSV-2')).join('\n'));
  await page.goto(`${BASE}${I}/execution`);
  await page.setInputFiles('#upload input[type=file]', file);
  await Promise.all([page.waitForNavigation(), page.click('#upload button')]);
  await shot(page, '17-upload-preview');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/i/sdf/execution/upload/"] button')]);
  assert.match(await page.locator('main').innerText(), /기록했습니다: 2/);
  await page.goto(`${BASE}${I}/execution?q=E2E-CSV`);
  assert.equal(await page.locator('table.entries tbody tr').count(), 2);
  await context.close();
});

test('a team editor edits only their own unit\'s projects', async () => {
  const { context, page } = await session('editor');
  await page.goto(`${BASE}${I}/projects`);
  // SIT runs 2-1, 2-2 and 2-3: only those have an edit link.
  const links = await page.locator('a[href$="/edit"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.sort(), [`${I}/projects/2-1/edit`, `${I}/projects/2-2/edit`, `${I}/projects/2-3/edit`]);
  const other = await page.goto(`${BASE}${I}/projects/4-1/edit`);
  assert.equal(other.status(), 403);
  await page.goto(`${BASE}${I}/projects/2-3/edit`);
  await shot(page, '18-project-edit');
  const rows = page.locator('input[name=sch_text]');
  const blank = (await rows.count()) - 1;
  await rows.nth(blank).fill('체험버스 운영 결과 보고');
  await page.locator('input[name=sch_period]').nth(blank).fill('12월');
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.match(page.url(), /\/projects\/2-3\?saved=1/);
  assert.match(await page.locator('.sheet').innerText(), /체험버스 운영 결과 보고/);
  // A breakdown that does not sum is refused and nothing is saved.
  await page.goto(`${BASE}${I}/projects/2-3/edit`);
  const ids = page.locator('input[name=ind_id]');
  const n = (await ids.count()) - 2;
  await ids.nth(n).fill('e2e');
  await page.locator('input[name=ind_name]').nth(n).fill('체험 인원');
  await page.locator('input[name=ind_value]').nth(n).fill('100');
  await page.locator('input[name=ind_unit]').nth(n).fill('명');
  await page.locator('input[name=ind_parts]').nth(n).fill('어르신=60; 장애인=30');
  const [res] = await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.equal(res.status(), 422);
  assert.match(await page.locator('.errors').innerText(), /100/);
  await context.close();
});

test('a planner records a transfer between lines and sees the current budget move', async () => {
  const { context, page } = await session('planner');
  await page.goto(`${BASE}${I}/budget/amendments/new`);
  await page.fill('input[name=no]', 'E2E-전용-1');
  await page.fill('input[name=date]', '2023-10-19');
  await page.selectOption('select[name=kind]', 'diversion');
  await page.fill('input[name=note]', '2023-10-19 전용 승인');
  // Lines no other test touches: 스마트도시 솔루션 해외진출 → 서울스마트시티센터 운영.
  await page.locator('select[name=line]').nth(0).selectOption('E3.3.2');
  await page.locator('input[name=delta]').nth(0).fill('-5,000,000');
  await page.locator('select[name=line]').nth(1).selectOption('E3.3.1');
  await page.locator('input[name=delta]').nth(1).fill('5,000,000');
  await shot(page, '19-amendment');
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.match(page.url(), /\/budget\?as_of=2023-10-19/);
  const row = await page.locator('tr[data-line="E3.3.1"]').innerText();
  // 724,260 → 729,260 (천원) as of the transfer's date.
  assert.match(row, /729,260/);
  await page.goto(`${BASE}${I}/org/edit`);
  assert.equal(await page.locator('input[name=authorized]').count(), 8);
  await shot(page, '20-staffing-edit');
  await context.close();
});
