// Accounts, the audit log and the English interface, in the browser. The
// harness (crates/yesan/tests/browser.rs) made `stfadmin`, the only
// administrator of the second institution (stf), `root`, an administrator
// of the foundation, and `auditor` (감사) of the foundation. Each test
// makes what else it needs, so it passes alone and in any order.
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

async function session(name, { institution = 'sdf', password = PW, width = 1280, lang = 'ko' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
  const page = await context.newPage();
  if (lang === 'en') await page.goto(`${BASE}/lang/en`);
  await page.goto(`${BASE}/login`);
  await page.selectOption('select[name=institution]', institution);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The users table's row of `name`. */
async function row(page, name) {
  return page.locator(`table.users tbody tr[data-user="${name}"]`);
}

test('the last administrator is refused a self-demotion; at 390 px the users page fits', async () => {
  const { context, page } = await session('stfadmin', { institution: 'stf' });
  await page.goto(`${BASE}/i/stf/admin/users`);
  assert.equal(await page.locator('h1').innerText(), '사용자 관리');
  await shot(page, 'A1-users-last-admin');
  const mine = await row(page, 'stfadmin');
  assert.match(await mine.innerText(), /\(나\)/);
  await mine.locator('select[name=role]').selectOption('viewer');
  await Promise.all([page.waitForNavigation(), mine.locator('button', { hasText: '저장' }).click()]);
  const alert = page.locator('.errors[role=alert]');
  assert.match(await alert.innerText(), /stfadmin은\(는\) 이 기관의 마지막 관리자라서 역할을 바꾸거나 비활성화할 수 없습니다/);
  await shot(page, 'A2-last-admin-refused');
  // Still the administrator: the page is still theirs.
  await page.goto(`${BASE}/i/stf/admin/users`);
  assert.match(await (await row(page, 'stfadmin')).innerText(), /관리자/);
  // Deactivating oneself is refused the same way.
  const again = await row(page, 'stfadmin');
  await Promise.all([page.waitForNavigation(), again.locator('button', { hasText: '비활성화' }).click()]);
  assert.match(await page.locator('.errors[role=alert]').innerText(), /마지막 관리자/);
  await context.close();
  // On a phone: nothing wider than the screen.
  const phone = await session('stfadmin', { institution: 'stf', width: 390 });
  await phone.page.goto(`${BASE}/i/stf/admin/users`);
  const { scroll, inner } = await phone.page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `users page ${scroll} px wide at ${inner} px`);
  await shot(phone.page, 'A3-users-phone');
  await phone.context.close();
});

test('an administrator is asked before giving up the role, and a deactivated user is signed out at once', async () => {
  const stamp = Date.now().toString(36);
  const temp = `temp-${stamp}`;
  const { context, page } = await session('root');
  // A new account, its one-time password shown once.
  await page.goto(`${BASE}/i/sdf/admin/users`);
  await page.fill('form[action$="/admin/users"] input[name=name]', temp);
  await page.selectOption('form[action$="/admin/users"] select[name=role]', 'viewer');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/admin/users"] button.primary')]);
  const issued = (await page.locator('code.secret').innerText()).trim();
  assert.match(issued, /^[A-Za-z0-9]{16}$/);
  // The new user signs in, sets a password and reads the dashboard.
  const user = await session(temp, { password: issued });
  assert.match(user.page.url(), /\/account$/);
  await user.page.fill('input[name=current]', issued);
  await user.page.fill('input[name=new]', 'temp-password-2023');
  await Promise.all([user.page.waitForNavigation(), user.page.click('form[action="/account/password"] button')]);
  await user.page.goto(`${BASE}/i/sdf/`);
  assert.match(user.page.url(), /\/i\/sdf\/$/);
  // The administrator deactivates it.
  await page.goto(`${BASE}/i/sdf/admin/users`);
  const r = await row(page, temp);
  await Promise.all([page.waitForNavigation(), r.locator('button', { hasText: '비활성화' }).click()]);
  assert.match(await page.locator('.ok[role=status]').innerText(), new RegExp(`${temp} 계정을 비활성화했습니다`));
  assert.match(await (await row(page, temp)).innerText(), /비활성/);
  await shot(page, 'A4-user-deactivated');
  // Its open session has ended: the next page asks to sign in.
  await user.page.goto(`${BASE}/i/sdf/budget`);
  assert.match(user.page.url(), /\/login\?next=/);
  // And signing in is refused, saying why.
  await user.page.fill('input[name=name]', temp);
  await user.page.selectOption('select[name=institution]', 'sdf');
  await user.page.fill('input[name=password]', 'temp-password-2023');
  await Promise.all([user.page.waitForNavigation(), user.page.click('button.primary')]);
  assert.match(await user.page.locator('.errors[role=alert]').innerText(), /비활성화된 계정입니다/);
  await shot(user.page, 'A5-deactivated-sign-in');
  await user.context.close();
  // Giving up one's own administrator role asks first; "keep" changes nothing.
  const mine = await row(page, 'root');
  await mine.locator('select[name=role]').selectOption('auditor');
  await Promise.all([page.waitForNavigation(), mine.locator('button', { hasText: '저장' }).click()]);
  const ask = page.locator('.confirm');
  assert.match(await ask.innerText(), /내 역할을 감사로 바꾸면 관리자 권한이 없어져/);
  await shot(page, 'A6-confirm-demotion');
  await Promise.all([page.waitForNavigation(), ask.locator('a', { hasText: '그대로 두기' }).click()]);
  assert.match(await (await row(page, 'root')).innerText(), /관리자/);
  await context.close();
});

test('the auditor reads the audit log in Korea time and in words; a viewer cannot', async () => {
  const viewer = await session('viewer');
  const res = await viewer.page.goto(`${BASE}/i/sdf/audit`);
  assert.equal(res.status(), 403);
  assert.equal(await viewer.page.locator('nav[aria-label=main] a[href$="/audit"]').count(), 0, 'no audit link for a viewer');
  await viewer.context.close();
  for (const [width, name] of [[1280, '11-audit'], [390, 'A7-audit-phone']]) {
    const { context, page } = await session('auditor', { width });
    await page.goto(`${BASE}/i/sdf/audit?entity=session`);
    assert.equal(await page.locator('h1').innerText(), '감사기록');
    const head = await page.locator('table.audit thead').innerText();
    assert.match(head, /시각\(한국 시간\)/);
    const body = await page.locator('table.audit tbody').innerText();
    assert.match(body, /로그인/);
    assert.doesNotMatch(body, /\blogin\b/);
    // The newest sign-in is this one: its time is now in Korea.
    const iso = await page.locator('table.audit tbody time').first().getAttribute('datetime');
    assert.match(iso, /\+09:00$/);
    const ago = Date.now() - Date.parse(iso);
    assert.ok(ago >= -5000 && ago < 10 * 60 * 1000, `the latest sign-in ${iso} is recent`);
    // The whole log: changes as their fields, before and after.
    await page.goto(`${BASE}/i/sdf/audit`);
    assert.ok(await page.locator('table.audit dl.diff').count() > 0, 'changes shown field by field');
    await shot(page, name);
    await context.close();
  }
});

// Every page a planner reads, and the users and audit pages, in English:
// Hangul only inside elements marked lang="ko" (recorded names and texts).
const ENGLISH = [
  ['planner', '/i/sdf/?as_of=2023-10-18', 'E-dashboard'],
  ['planner', '/i/sdf/budget?as_of=2023-10-18', 'E-budget'],
  ['planner', '/i/sdf/projects/2-3?as_of=2023-10-18', 'E-project'],
  ['planner', '/i/sdf/org', 'E-org'],
  ['planner', '/i/sdf/reports', 'E-reports'],
  ['planner', '/i/sdf/years/compare', 'E-years-compare'],
  ['root', '/i/sdf/admin/users', 'E-users'],
  ['auditor', '/i/sdf/audit', 'E-audit'],
];

test('pages in English show Hangul only in recorded data, at 1280 and 390 px', async () => {
  const problems = [];
  for (const width of [1280, 390]) {
    const sessions = new Map();
    for (const [account, path, name] of ENGLISH) {
      if (!sessions.has(account)) sessions.set(account, await session(account, { lang: 'en', width }));
      const { page } = sessions.get(account);
      const res = await page.goto(`${BASE}${path}`);
      assert.equal(res.status(), 200, path);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await shot(page, `${name}-${width}`);
      const found = await page.evaluate(() => {
        const hangul = /[\uac00-\ud7a3\u3131-\u318e]/;
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!hangul.test(n.textContent)) continue;
          const lang = n.parentElement.closest('[lang]')?.getAttribute('lang');
          if (lang !== 'ko') out.push(n.textContent.trim().slice(0, 60));
        }
        return out;
      });
      for (const f of found) problems.push(`${path} (${width}): ${f}`);
    }
    for (const { context } of sessions.values()) await context.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
