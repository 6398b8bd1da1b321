// The city's consolidated page in the browser, at a desktop (1280) and a
// phone (390) width: the seed's figures, sorting by a column title's link
// (no script), the institution's name leading to its dashboard, English
// through the language switch, and no sideways scrolling of the page on a
// phone (the wide table scrolls inside its card). Screenshots under
// $SCREENSHOTS (30-consolidated, 31-consolidated-phone).
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

// The city's reader (a viewer of the foundation with the city-reader
// flag the harness sets): the consolidated view is for those who read
// every institution.
async function viewer(width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', 'sdf');
  await page.fill('input[name=name]', 'city');
  await page.fill('input[name=password]', PW);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

test('the consolidated page sorts by links and leads to the institution, on desktop and phone', async () => {
  const { context, page } = await viewer(1280);
  const res = await page.goto(`${BASE}/consolidated?as_of=2023-10-18`);
  assert.equal(res.status(), 200);
  assert.match(await page.locator('main h1').innerText(), /기관별 예산 집행 종합현황/);
  const row = await page.locator('tr[data-institution="sdf"]').innerText();
  // The seed's totals (천원): budget, committed, paid, both rates.
  for (const f of [/9,720,439/, /6,009,773/, /4,953,409/, /61\.8%/, /51\.0%/]) assert.match(row, f);
  assert.equal(await page.locator('script').count(), 0);
  // Sort by 지출률: its link, largest first.
  await Promise.all([page.waitForNavigation(), page.click('th a[data-sort="disburse-rate"]')]);
  assert.match(page.url(), /sort=disburse-rate&dir=desc/);
  assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');
  await page.screenshot({ path: join(SHOTS, '30-consolidated.png'), fullPage: true });
  // The name leads to the institution's dashboard on the same date.
  await Promise.all([page.waitForNavigation(), page.click('tr[data-institution="sdf"] th a')]);
  assert.match(page.url(), /\/i\/sdf\/\?as_of=2023-10-18$/);
  assert.match(await page.locator('main').innerText(), /집행 현황판/);
  // English through the switch.
  await page.goto(`${BASE}/lang/en?back=/consolidated`);
  assert.match(await page.locator('main h1').innerText(), /Budget execution by institution/);
  await page.goto(`${BASE}/lang/ko?back=/consolidated`);
  await context.close();

  const phone = await viewer(390);
  await phone.page.goto(`${BASE}/consolidated?as_of=2023-10-18`);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 390, `the page scrolls sideways on a phone: ${overflow}px`);
  await phone.page.screenshot({ path: join(SHOTS, '31-consolidated-phone.png'), fullPage: true });
  await phone.context.close();
});
