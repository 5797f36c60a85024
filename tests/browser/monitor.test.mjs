// The monitors' dashboard in a real browser, JavaScript off: sign in with a code from
// `tocao signin`, read the charts and tables, download a CSV and an .xlsx, print the report; enrol the
// browser once and sign in with one button; the 2-hour session lasts a meeting, then ends
// with the reason (the daemon's clock moved by libfaketime); the
// further views (by inspectorate, periods compared, under monitoring), the report in the
// administrative format and the public transparency page; axe-core finds no WCAG 2 A/AA
// violation in any of these page states.
// The store holds 20,000 synthetic cases made by bench/monitor_bench.
//   TOCAO_BIN_DIR=build/bin node --test tests/browser/monitor.test.mjs
// TOCAO_SCREENSHOTS=docs/screenshots refreshes docs/screenshots/monitor-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bin, startInstance, stopInstance } from './instance.mjs';

const shots = process.env.TOCAO_SCREENSHOTS;
const require = createRequire(import.meta.url);

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

/*
 * axe-core over a page state, WCAG 2 A and AA. The pages run with JavaScript off, where
 * axe cannot run: the state's exact DOM is put into a page of the same origin (so its
 * stylesheet applies: colour contrast is checked) in a context with JavaScript on and the
 * CSP bypassed (the pages allow no script), and axe is injected there.
 */
async function axeCheck(page, label) {
  const html = await page.content();
  const vp = page.viewportSize();
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, bypassCSP: true, viewport: vp });
  try {
    const p = await ctx.newPage();
    await p.goto(base + '/healthz');
    await p.setContent(html, { waitUntil: 'load' });
    await p.addScriptTag({ path: require.resolve('axe-core') });
    const r = await p.evaluate(() => axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }));
    const found = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
    assert.deepEqual(found, [], `${label}: WCAG A/AA violations`);
    return r.passes.length;
  } finally {
    await ctx.close();
  }
}

async function shot(page, name, fullPage = false) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name), fullPage });
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
  const received = (await page.textContent('.tile .value')).replace(/,/g, '');
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
  // And as an Excel workbook, from the link beside it (a zip: "PK").
  const xhref = await page.getAttribute('#provinces .download a[href*="table.xlsx"]', 'href');
  const xres = await page.context().request.get(base + xhref);
  assert.equal(xres.status(), 200);
  assert.match(xres.headers()['content-disposition'], /filename="tocao-provinces-01-.*\.xlsx"/);
  assert.equal((await xres.body()).subarray(0, 2).toString('latin1'), 'PK');
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

test('enrol this browser once, then sign in with one button; axe on each state', async () => {
  const page = await screen();
  await page.goto(base + '/monitor');
  await axeCheck(page, 'sign-in page');
  await page.fill('input[name=code]', 'not-a-code');
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('form.signin');
  await axeCheck(page, 'sign-in page with an error');
  await page.fill('input[name=code]', signinCode());
  await page.check('#remember');
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('svg.chart');
  const names = (await page.context().cookies()).map((c) => c.name).sort();
  assert.deepEqual(names, ['tocao_monitor', 'tocao_monitor_device']);
  await axeCheck(page, 'dashboard');
  // The session cookie gone (a closed browser): the one button, no code.
  await page.context().clearCookies({ name: 'tocao_monitor' });
  await page.goto(base + '/monitor');
  assert.ok(await page.isVisible('form[action="/monitor/device"] button'));
  assert.equal(await page.locator('input[name=code]').count() > 0, true); // a code still works
  await axeCheck(page, 'sign-in page of an enrolled browser');
  await shot(page, 'monitor-signin-enrolled.png');
  await page.click('form[action="/monitor/device"] button');
  await page.waitForSelector('svg.chart');
  // The enrolled browsers, listed where they can be revoked.
  await page.goto(base + '/monitor/devices');
  assert.match(await page.textContent('main'), /Đang dùng được/);
  await axeCheck(page, 'enrolled browsers');
  await page.context().close();
});

test('the further views, the report and a bad filter; axe on each', async () => {
  const page = await screen();
  await signIn(page);
  await page.click('header.site nav a[href^="/monitor/units"]');
  await page.waitForSelector('table.units');
  assert.match(await page.textContent('h1'), /Theo cơ quan thanh tra/);
  assert.match(await page.textContent('table.units'), /Thanh tra Chính phủ/);
  assert.match(await page.textContent('p.first-step'), /trung vị \d+ ngày/);
  await axeCheck(page, 'by inspectorate');
  await shot(page, 'monitor-units.png');
  await page.click('header.site nav a[href^="/monitor/compare"]');
  await page.waitForSelector('table.compare');
  const heads = await page.locator('table.compare thead th').allTextContents();
  assert.equal(heads.length, 3);
  assert.match(heads[2], /Cùng kỳ năm trước/);
  await axeCheck(page, 'periods compared');
  await shot(page, 'monitor-compare.png');
  await page.click('header.site nav a[href^="/monitor/grounds"]');
  await page.waitForSelector('table.grounds');
  assert.match(await page.textContent('table.grounds caption'), /theo căn cứ pháp lý/);
  assert.match(await page.textContent('table.grounds'), /Điều 11/); // the synthetic declines' grounds
  await axeCheck(page, 'declines by ground');
  await shot(page, 'monitor-grounds.png');
  await page.click('header.site nav a[href^="/monitor/monitored"]');
  await page.waitForSelector('table.monitored');
  await axeCheck(page, 'under monitoring');
  await page.click('header.site nav a[href^="/monitor/report"]');
  await page.waitForSelector('.doc-header');
  const text = await page.textContent('article.report');
  for (const w of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
                   'Số: …/BC-MTTQ', 'Nơi nhận:', 'TM. BAN THƯỜNG TRỰC'])
    assert.ok(text.includes(w), w);
  await axeCheck(page, 'printable report');
  await page.emulateMedia({ media: 'print' });
  // Printed: the motto beside the issuer, the signature block beside "Nơi nhận:".
  const issuer = await page.locator('.doc-issuer').boundingBox();
  const motto = await page.locator('.doc-motto').boundingBox();
  assert.ok(motto.x > issuer.x + issuer.width - 1 && Math.abs(motto.y - issuer.y) < 30);
  assert.equal(await page.isVisible('form.filters'), false);
  await page.emulateMedia({ media: 'screen' });
  await page.goto(base + '/monitor/units?province=xx');
  assert.match(await page.textContent('h1'), /400/);
  await axeCheck(page, 'a bad filter');
  await page.context().close();
});

test('the public transparency page, no sign-in; axe in both languages', async () => {
  const page = await screen('en-US');
  // Linked from the citizen pages' footer.
  await page.goto(base + '/?lang=vi');
  assert.equal(await page.getAttribute('footer.site a[href^="/minh-bach"]', 'href'), '/minh-bach');
  await page.goto(base + '/minh-bach');
  await page.waitForSelector('table.figures');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi'); // Vietnamese by default
  assert.equal((await page.context().cookies()).length, 0);
  const cells = await page.locator('td.num').allTextContents();
  for (const c of cells.filter((t) => /^[\d.]+$/.test(t)))
    assert.equal(Number(c.replace(/\./g, '')) % 5, 0, c);
  await axeCheck(page, 'transparency page');
  await shot(page, 'transparency.png');
  await page.click('a[hreflang=en]');
  await page.waitForSelector('table.figures');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await axeCheck(page, 'transparency page, English');
  await page.goto(base + '/minh-bach?quy=1999-1');
  assert.match(await page.textContent('h1'), /400/);
  await axeCheck(page, 'transparency page, bad quarter');
  await page.context().close();
});

/*
 * A meeting lasts: the default session (2 hours, monitor_session_s unset) is tried on the
 * daemon's own clock, moved by libfaketime (Debian's faketime package) through a file the
 * test rewrites: the offset is read again on every clock call (FAKETIME_NO_CACHE), the
 * monotonic clock the sessions use included. At 1 h 59 min the pages still answer; at
 * 2 h 1 min the sign-in page says the session has ended; the enrolled browser signs in
 * again with its one button.
 */
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

test('a 2-hour session lasts a meeting and then ends with the reason shown', async () => {
  const clock = path.join(tmp, 'faketime-offset');
  writeFileSync(clock, '+0\n');
  const moved = await startInstance(() => {}, {
    LD_PRELOAD: FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE: clock, FAKETIME_NO_CACHE: '1' });
  try {
    const ctx = await moved.browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN',
      ignoreHTTPSErrors: true, viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const code = execFileSync(path.join(bin, 'tocao'), [
      'signin', '--server', moved.base, '--cacert', path.join(moved.inst, 'tls', 'cert.pem'),
      '--identity', path.join(moved.inst, 'dev-secrets', 'monitor.key')],
      { encoding: 'utf8' }).trim();
    await page.goto(moved.base + '/monitor');
    await page.fill('input[name=code]', code);
    await page.check('#remember');
    await page.click('form.signin button[type=submit]');
    await page.waitForSelector('svg.chart');
    // 1 hour 59 minutes later on the daemon's clock: still signed in, on any view.
    writeFileSync(clock, '+7140\n');
    await page.reload();
    await page.waitForSelector('svg.chart');
    await page.click('header.site nav a[href^="/monitor/units"]');
    await page.waitForSelector('table.units');
    // 2 hours 1 minute after signing in: the session has ended, and the page says why.
    writeFileSync(clock, '+7260\n');
    await page.reload();
    await page.waitForSelector('form.signin');
    assert.match(await page.textContent('main'), /Phiên làm việc đã hết hạn/);
    const html = await page.content();
    // The enrolled browser needs no new code: one button, and the dashboard again.
    await page.click('form[action="/monitor/device"] button');
    await page.waitForSelector('svg.chart');
    await ctx.close();
    // axe over the ended-session state, in the first instance's origin (same pages and CSS).
    const holder = await screen();
    await holder.goto(base + '/healthz');
    await holder.setContent(html);
    await axeCheck(holder, 'sign-in page after the session ended');
    await holder.context().close();
  } finally {
    await stopInstance(moved);
  }
});
