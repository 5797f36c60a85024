// The monitors' dashboard in a real browser, JavaScript off: sign in with a code from
// `tocao signin`, read the charts and tables, download a CSV, print the report.
// The store holds 20,000 synthetic cases made by bench/monitor_bench.
//   TOCAO_BIN_DIR=build/bin node --test tests/browser/monitor.test.mjs
// TOCAO_SCREENSHOTS=docs/screenshots refreshes docs/screenshots/monitor-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bin, startInstance, stopInstance } from './instance.mjs';

const shots = process.env.TOCAO_SCREENSHOTS;

let it, tmp, inst, base, browser;

before(async () => {
  it = await startInstance((dir) =>
    execFileSync(path.join(bin, 'monitor_bench'), ['fill', path.join(dir, 'store'), '20000']));
  ({ tmp, inst, base, browser } = it);
});

after(() => stopInstance(it));

function signinCode() {
  return execFileSync(path.join(bin, 'tocao'), [
    'signin', '--server', base, '--cacert', path.join(inst, 'tls', 'cert.pem'),
    '--identity', path.join(inst, 'dev-secrets', 'monitor.key')], { encoding: 'utf8' }).trim();
}

// A meeting-room screen; the certificate is self-signed, hence ignoreHTTPSErrors.
async function screen(locale = 'vi-VN') {
  const ctx = await browser.newContext({
    javaScriptEnabled: false, locale, ignoreHTTPSErrors: true, acceptDownloads: true,
    viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1,
  });
  return ctx.newPage();
}

async function signIn(page, query = '') {
  await page.goto(base + '/monitor' + query);
  assert.match(await page.textContent('h1'), /Đăng nhập|Sign-in/);
  await page.fill('input[name=code]', signinCode());
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('svg.chart');
}

test('sign in without JavaScript and read the dashboard', async () => {
  const page = await screen('en-GB');
  await signIn(page, '?lang=en');
  const cookies = await page.context().cookies();
  const c = cookies.find((k) => k.name === 'tocao_monitor');
  assert.ok(c && c.httpOnly && c.secure && c.sameSite === 'Strict' && c.path === '/monitor');
  // Both charts are drawn and visible; one bar per province in the rates chart.
  const charts = await page.$$('svg.chart');
  assert.equal(charts.length, 3);
  for (const svg of charts) {
    const box = await svg.boundingBox();
    assert.ok(box.width > 600 && box.height > 150, JSON.stringify(box));
  }
  assert.equal(await page.locator('#rates-t').count(), 1);
  const bars = await page.locator('svg.chart').first().locator('rect.chart-bar').count();
  assert.equal(bars, 34);
  // The tiles hold figures; the overdue list has rows with days overdue.
  const received = await page.textContent('.tile .value');
  assert.match(received, /^\d+$/);
  assert.ok(Number(received) > 5000);
  const overdueRows = await page.locator('#overdue tbody tr, #overdue tr:has(td)').count();
  assert.ok(overdueRows > 10, `overdue rows: ${overdueRows}`);
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'monitor-dashboard.png'), fullPage: false });
  }
  // Filter to one province with the form (GET, no script).
  await page.selectOption('select[name=province]', '01');
  await page.click('form.filters button[type=submit]');
  await page.waitForSelector('svg.chart');
  assert.match(await page.textContent('h1'), /Hà Nội|Hanoi/);
  assert.equal(await page.locator('svg.chart').first().locator('text.chart-label').count(), 4);
  // A table downloads as CSV with the session cookie.
  const href = await page.getAttribute('#provinces .download a', 'href');
  const res = await page.context().request.get(base + href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^text\/csv/);
  const rows = (await res.text()).trim().split('\r\n');
  assert.equal(rows.length, 2);
  assert.match(rows[1], /^"(Hà Nội|Hanoi)",/);
  await page.context().close();
});

test('the printable report hides the controls when printed', async () => {
  const page = await screen();
  await signIn(page);
  await page.click('a[href^="/monitor/report"]');
  await page.waitForSelector('table.figures');
  assert.ok(await page.isVisible('form.filters'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('form.filters'), false);
  assert.equal(await page.isVisible('header.site nav'), false);
  assert.ok(await page.isVisible('table.figures'));
  if (shots) {
    await page.screenshot({ path: path.join(shots, 'monitor-report-print.png'), fullPage: true });
  }
  await page.context().close();
});

test('signing out ends the session', async () => {
  const page = await screen();
  await signIn(page);
  await page.click('form.signout button');
  await page.waitForSelector('form.signin');
  await page.goto(base + '/monitor');
  assert.ok(await page.isVisible('form.signin'));
  await page.context().close();
});
