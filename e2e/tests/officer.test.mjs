// The finance officer's day, in the browser: an entry recorded from the
// form's defaults (the date untouched), the amount read in 천원 as it is
// typed, the list it lands on saying what was recorded, the entry reversed
// from its row, and the filtered list exported as CSV and XLSX; an amount
// under 1,000원 asked about; a file uploaded twice. Screenshots at 1280 px
// and 390 px. The harness (crates/yesan/tests/browser.rs) made `finance`.
// Each test uses its own budget line and document numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS;
const PW = process.env.USER_PASSWORD;
assert.ok(BASE && SHOTS && PW, 'BASE_URL, SCREENSHOTS, USER_PASSWORD');
mkdirSync(SHOTS, { recursive: true });
const I = '/i/sdf';

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

async function session(name, { width = 1280 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 }, locale: 'ko-KR', acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', 'sdf');
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function fits(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: ${scroll} px wide at ${inner} px`);
}

test('finance records an entry from the defaults, reverses it and exports the filtered list', async () => {
  const { context, page } = await session('finance');
  await page.goto(`${BASE}${I}/execution/new`);
  // The date is one of the fiscal year (2023), not today; no line is chosen.
  const date = await page.inputValue('input[name=date]');
  assert.match(date, /^2023-/);
  assert.equal(await page.inputValue('select[name=line]'), '');
  await page.fill('input[name=doc_no]', 'E2E-OFF-1');
  await page.selectOption('select[name=line]', 'E3.1.3');
  await page.fill('input[name=amount]', '2,500,000');
  // The amount in 천원, as typed.
  assert.equal(await page.locator('#amount-thousands').innerText(), '= 2,500천원');
  await page.fill('input[name=counterparty]', '(주)데이터');
  await shot(page, 'O1-entry-form');
  await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  // Back on the list, which says what was recorded.
  assert.match(page.url(), /\/execution\?recorded=E2E-OFF-1$/);
  const flash = await page.locator('.flash').innerText();
  assert.match(flash, /기록했습니다: 원인행위 E2E-OFF-1, E3\.1\.3 공공데이터 활용·분석 지원, 2,500,000원\(2,500천원\)/);
  assert.ok(flash.includes(date), 'the date untouched');
  await shot(page, 'O2-recorded');
  // Reversed from its row: the cancellation opens filled in.
  await page.goto(`${BASE}${I}/execution?q=E2E-OFF`);
  await Promise.all([page.waitForNavigation(),
    page.locator('tr[data-doc="E2E-OFF-1"] a.correct').click()]);
  assert.equal(await page.inputValue('select[name=kind]'), 'commit_cancel');
  assert.equal(await page.inputValue('input[name=ref]'), 'E2E-OFF-1');
  assert.equal(await page.inputValue('select[name=line]'), 'E3.1.3');
  assert.equal(await page.inputValue('input[name=amount]'), '2,500,000');
  assert.equal(await page.inputValue('input[name=doc_no]'), 'E2E-OFF-1-취소');
  await shot(page, 'O3-cancel-form');
  await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  assert.match(await page.locator('.flash').innerText(), /기록했습니다: 원인행위취소 E2E-OFF-1-취소/);
  // The filtered list: both, and their totals: nothing committed, net.
  await page.goto(`${BASE}${I}/execution?q=E2E-OFF`);
  assert.equal(await page.locator('table.entries tbody tr').count(), 2);
  assert.equal(await page.locator('#net-committed').innerText(), '0');
  await shot(page, 'O4-list-totals');
  // Its export: the listed rows, which would import again.
  const [csv] = await Promise.all([page.waitForEvent('download'),
    page.locator('.downloads a', { hasText: 'CSV' }).click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.match(text, /^\uFEFF일자,결의번호,구분,예산과목,금액,참조,거래처,적요/);
  assert.match(text, /E2E-OFF-1,commit,E3\.1\.3,2500000,,\(주\)데이터/);
  assert.match(text, /E2E-OFF-1-취소,commit_cancel,E3\.1\.3,2500000,E2E-OFF-1/);
  assert.equal(text.trim().split('\n').length, 3);
  const [xlsx] = await Promise.all([page.waitForEvent('download'),
    page.locator('.downloads a', { hasText: 'XLSX' }).click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
  // Sorted by amount, largest first, from the column's heading.
  await page.locator('th[aria-sort] a', { hasText: '금액' }).click();
  await page.locator('th[aria-sort] a', { hasText: '금액' }).click();
  assert.equal(await page.locator('th.num[aria-sort]').getAttribute('aria-sort'), 'descending');
  await context.close();
  // The same pages on a phone.
  const phone = await session('finance', { width: 390 });
  await phone.page.goto(`${BASE}${I}/execution?q=E2E-OFF`);
  await fits(phone.page, 'the list');
  await shot(phone.page, 'O5-list-phone');
  await phone.page.goto(`${BASE}${I}/execution/new`);
  await fits(phone.page, 'the entry form');
  await shot(phone.page, 'O6-entry-form-phone');
  await phone.context.close();
});

test('an amount under 1,000원 is asked about, and a reference fills the line', async () => {
  const { context, page } = await session('finance');
  await page.goto(`${BASE}${I}/execution/new`);
  await page.fill('input[name=doc_no]', 'E2E-OFF-2');
  await page.selectOption('select[name=line]', 'E3.1.2');
  await page.fill('input[name=amount]', '900');
  assert.equal(await page.locator('#amount-thousands').innerText(), '= 0.9천원');
  await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  const warn = page.locator('#small-amount');
  assert.match(await warn.innerText(), /금액이 900원으로 1,000원보다 적습니다/);
  await shot(page, 'O7-small-amount');
  await warn.locator('input[name=small]').check();
  await Promise.all([page.waitForNavigation(), page.click('#entry-form button.primary')]);
  assert.match(await page.locator('.flash').innerText(), /기록했습니다: 원인행위 E2E-OFF-2/);
  // A payment: its commitment, chosen as the reference, fills the line.
  await page.goto(`${BASE}${I}/execution/new`);
  await page.selectOption('select[name=kind]', 'disburse');
  await page.fill('input[name=doc_no]', 'E2E-OFF-3');
  await page.fill('input[name=ref]', 'E2E-OFF-2');
  await page.locator('input[name=ref]').dispatchEvent('change');
  assert.equal(await page.inputValue('select[name=line]'), 'E3.1.2');
  await context.close();
});

test('a file uploaded twice shows its recorded rows; its preview shows every column and the totals', async () => {
  const { context, page } = await session('finance');
  const csv = '일자,결의번호,구분,예산과목,금액,참조,거래처,적요\n'
    + '2023-10-21,E2E-OFF-F1,원인행위,E3.1.1,"1,000,000",,(주)연구,정책연구 용역 착수금\n'
    + '2023-10-21,E2E-OFF-F2,원인행위,디지털 정책연구,"3,000,000",,(주)연구,정책연구 용역 잔금\n';
  const file = join(SHOTS, '..', 'e2e-officer.csv');
  writeFileSync(file, csv);
  const upload = async () => {
    await page.goto(`${BASE}${I}/execution`);
    await page.setInputFiles('#upload input[type=file]', file);
    await Promise.all([page.waitForNavigation(), page.click('#upload button')]);
    // The token went in the form, not in the address.
    assert.ok(!page.url().includes('_csrf'), page.url());
  };
  await upload();
  const table = await page.locator('table.preview').innerText();
  assert.match(table, /정책연구 용역 착수금/);
  assert.match(await page.locator('#file-totals').innerText(), /4,000,000/);
  await shot(page, 'O8-upload-preview');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/i/sdf/execution/upload/"] button')]);
  assert.match(await page.locator('main').innerText(), /기록했습니다: 2/);
  await upload();
  assert.match(await page.locator('main').innerText(), /이 파일의 2건은 모두 이미 기록되어 있습니다/);
  assert.equal(await page.locator('table.preview tr.recorded').count(), 2);
  assert.equal(await page.locator('form[action^="/i/sdf/execution/upload/"]').count(), 0);
  await shot(page, 'O9-upload-again');
  // The preview's address opened again: the list, not a bare 405.
  const res = await page.goto(`${BASE}${I}/execution/upload`);
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/execution$/);
  await context.close();
  const phone = await session('finance', { width: 390 });
  await phone.page.goto(`${BASE}${I}/execution`);
  await phone.page.setInputFiles('#upload input[type=file]', file);
  await Promise.all([phone.page.waitForNavigation(), phone.page.click('#upload button')]);
  await fits(phone.page, 'the upload preview');
  await shot(phone.page, 'O10-upload-phone');
  await phone.context.close();
});
