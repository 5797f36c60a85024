// The citizen's pages in a real browser: Debian's headless Chromium driven by
// playwright-core, against the real daemon on a throwaway instance. Most runs
// have JavaScript off, as in Tor Browser at its safest setting.
//   TOCAO_BIN_DIR=build/bin node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bin, startInstance, stopInstance } from './instance.mjs';

const shots = process.env.TOCAO_SCREENSHOTS; // docs/screenshots when refreshing them
const RECEIPT = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/;

let it, tmp, inst, base, browser;

before(async () => {
  it = await startInstance();
  ({ tmp, inst, base, browser } = it);
});

after(() => stopInstance(it));

// A phone-sized page; the instance's certificate is self-signed, hence ignoreHTTPSErrors
// (the tests check the pages, not the PKI).
async function phone(javaScriptEnabled = false, locale = 'vi-VN',
                     viewport = { width: 360, height: 800 }) {
  const ctx = await browser.newContext({
    javaScriptEnabled, locale, ignoreHTTPSErrors: true, viewport, deviceScaleFactor: 1,
  });
  return ctx.newPage();
}
const DESKTOP = { width: 1366, height: 900 };

// The inspectors' API, as an inspector of unit sees the cases (counts no second case).
function tocaoCases(...args) {
  return execFileSync(path.join(bin, 'tocao'), ['cases', ...args, '--server', base,
    '--cacert', path.join(inst, 'tls/cert.pem')]).toString();
}
function caseCount(unit = 'TT-96') {
  return JSON.parse(tocaoCases('list', '--json', '--identity',
    path.join(inst, `dev-secrets/inspector-${unit}.key`))).count;
}
function followupApi(receipt) {
  return JSON.parse(execFileSync('curl', ['-s', '--cacert', path.join(inst, 'tls/cert.pem'),
    base + '/api/v1/followup', '-H', 'Content-Type: application/json',
    '-d', JSON.stringify({ receipt })]).toString());
}

async function fillReport(page, over = {}) {
  const v = {
    full_name: 'Nguyễn Văn A', address: '12 Lý Thường Kiệt, Cà Mau',
    accused_name: 'Trần Văn B', summary: 'Thu tiền sai quy định khi cấp sổ đỏ',
    details: 'Cán bộ địa chính yêu cầu nộp thêm 5 triệu đồng ngoài quy định.', ...over,
  };
  await page.check('input[name=kind][value=denunciation]');
  await page.check('input[name=identity][value=named]');
  for (const name of ['full_name', 'address', 'accused_name', 'summary']) {
    await page.fill(`[name=${name}]`, v[name]);
  }
  await page.fill('textarea[name=details]', v.details);
  await page.selectOption('select[name=commune]', '32002');
  await page.selectOption('select[name=level]', 'commune');
  await page.selectOption('select[name=category]', 'land');
  await page.check('input[name=undertaking]');
  return v;
}

async function chooseProvince(page, code = '96') {
  await page.goto(base + '/');
  await page.selectOption('select[name=province]', code);
  await Promise.all([page.waitForNavigation(), page.click('form[method=get] [type=submit]')]);
}

async function submit(page) {
  await Promise.all([page.waitForNavigation(), page.click('form[action="/reports"] [type=submit]')]);
}

test('without JavaScript: province step, form, attachment, receipt, follow-up, reply', async () => {
  const page = await phone(false);
  await chooseProvince(page);
  assert.match(await page.content(), /32002/);
  await fillReport(page);
  const file = path.join(tmp, 'bien-lai.txt');
  writeFileSync(file, 'biên lai thu tiền');
  await page.setInputFiles('input[type=file][name=file]', file);
  if (shots) await page.screenshot({ path: path.join(shots, 'form.png'), fullPage: true });
  await submit(page);
  const text = await page.textContent('body');
  const receipt = text.match(RECEIPT)?.[0];
  assert.ok(receipt, 'the receipt page shows the receipt');
  assert.match(text, /Thanh tra tỉnh Cà Mau/);
  if (shots) await page.screenshot({ path: path.join(shots, 'receipt.png'), fullPage: true });

  // Follow-up with the receipt alone.
  await page.goto(base + '/followup');
  await page.fill('[name=receipt]', receipt.toLowerCase());
  await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
  assert.match(await page.textContent('body'), /Thanh tra tỉnh Cà Mau/);

  // The unit replies; the reporter reads it and answers with a file.
  const caseId = JSON.parse(execFileSync('curl', ['-s', '--cacert', path.join(inst, 'tls/cert.pem'),
    base + '/api/v1/followup', '-H', 'Content-Type: application/json',
    '-d', JSON.stringify({ receipt })]).toString()).case_id;
  execFileSync(path.join(bin, 'tocao'), ['reply', '--data', inst, '--identity',
    path.join(inst, 'dev-secrets/inspector-TT-96.key'), caseId, 'Đề nghị ông gửi thêm chứng cứ.']);
  await page.goto(base + '/followup');
  await page.fill('[name=receipt]', receipt);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
  assert.match(await page.textContent('body'), /Đề nghị ông gửi thêm chứng cứ\./);
  if (shots) await page.screenshot({ path: path.join(shots, 'followup.png'), fullPage: true });
  await page.fill('textarea[name=text]', 'Tôi gửi kèm ảnh chụp biên lai.');
  await page.setInputFiles('form[action="/followup/messages"] input[type=file]', file);
  await Promise.all([page.waitForNavigation(),
                     page.click('form[action="/followup/messages"] [type=submit]')]);
  assert.match(await page.textContent('body'), /Tôi gửi kèm ảnh chụp biên lai\./);
  await page.context().close();
});

test('validation errors keep what was typed, beside each field; files asked for again', async () => {
  const page = await phone(false);
  await chooseProvince(page);
  const before = caseCount();
  const v = await fillReport(page);
  await page.fill('input[name=occurred_on]', '2099-01-01');
  const file = path.join(tmp, 'chung-cu.txt');
  writeFileSync(file, 'chứng cứ');
  await page.setInputFiles('input[type=file][name=file]', file);
  await submit(page);
  assert.equal(await page.getAttribute('[name=occurred_on]', 'aria-invalid'), 'true');
  assert.ok(await page.isVisible('#err-occurred_on'));
  assert.ok(await page.isVisible('#files-again'), 'the page says the files must be chosen again');
  assert.equal(await page.inputValue('[name=full_name]'), v.full_name);
  assert.equal(await page.inputValue('[name=address]'), v.address);
  assert.equal(await page.inputValue('textarea[name=details]'), v.details);
  assert.equal(await page.inputValue('select[name=commune]'), '32002');
  assert.ok(await page.isChecked('input[name=identity][value=named]'));
  if (shots) await page.screenshot({ path: path.join(shots, 'errors.png'), fullPage: true });
  // Corrected, with the file chosen again, it goes through: one case, with its file.
  await page.fill('input[name=occurred_on]', '2026-10-01');
  await page.setInputFiles('input[type=file][name=file]', file);
  await submit(page);
  const receipt = (await page.textContent('body')).match(RECEIPT)?.[0];
  assert.ok(receipt);
  assert.equal(caseCount(), before + 1);
  assert.equal(followupApi(receipt).case_id.length, 8);
  assert.match(await page.textContent('.facts'), /Tệp đính kèm đã mã hóa\s*1/);
  await page.context().close();
});

test('anonymous: reporter fields are hidden without JavaScript', async () => {
  const page = await phone(false);
  await chooseProvince(page);
  await page.check('input[name=identity][value=anonymous]');
  assert.equal(await page.isVisible('[name=full_name]'), false);
  await page.check('input[name=identity][value=named]');
  assert.equal(await page.isVisible('[name=full_name]'), true);
  await page.context().close();
});

test('with JavaScript, in English', async () => {
  const page = await phone(true, 'en-GB');
  await page.goto(base + '/?lang=en');
  await page.selectOption('select[name=province]', '01');
  await Promise.all([page.waitForNavigation(), page.click('form[method=get] [type=submit]')]);
  await page.check('input[name=kind][value=petition]');
  await page.check('input[name=identity][value=anonymous]');
  await page.fill('[name=summary]', 'Broken road in the commune');
  await page.fill('textarea[name=details]', 'The inter-commune road has been broken for a year.');
  await page.selectOption('select[name=category]', 'other');
  await page.check('input[name=undertaking]');
  await submit(page);
  const text = await page.textContent('body');
  assert.match(text, RECEIPT);
  assert.match(text, /Hanoi|Hà Nội/);
  await page.context().close();
});

for (const [name, viewport] of [['phone', { width: 360, height: 800 }], ['desktop', DESKTOP]]) {
  test(`${name}: reload and Back on the receipt and message pages make nothing twice`, async () => {
    const page = await phone(false, 'vi-VN', viewport);
    await chooseProvince(page);
    const before = caseCount();
    await fillReport(page);
    await submit(page);
    assert.equal(new URL(page.url()).pathname, '/reports/receipt');
    assert.doesNotMatch(page.url(), RECEIPT);
    const receipt = (await page.textContent('body')).match(RECEIPT)[0];
    await page.reload();
    assert.match(await page.textContent('body'), new RegExp(receipt));
    await page.goBack();
    await page.goForward();
    await page.reload();
    assert.equal(caseCount(), before + 1, 'reload and Back made no second case');
    // A message, then reload and Back.
    await page.goto(base + '/followup');
    await page.fill('[name=receipt]', receipt);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
    await page.fill('textarea[name=text]', 'Bổ sung một lần thôi.');
    await Promise.all([page.waitForNavigation(),
                       page.click('form[action="/followup/messages"] [type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/followup/case');
    await page.reload();
    // Back lands on the case page that a POST of the receipt showed: Chromium asks before
    // posting again (ERR_CACHE_MISS, "Confirm form resubmission"), and that post only reads.
    await page.goBack().catch((e) => assert.match(e.message, /ERR_CACHE_MISS/));
    // Forward again (a new tab of the same browser: Playwright loses the error page's tab).
    const again = await page.context().newPage();
    await again.goto(base + '/followup/case');
    const mine = followupApi(receipt).messages.filter((m) => m.from === 'reporter');
    assert.equal(mine.length, 1, 'reload and Back sent the message once');
    assert.equal((await again.textContent('body')).split('Bổ sung một lần thôi.').length - 1, 1);
    await page.context().close();
  });
}

test('an en-US browser gets Vietnamese; English only by choice, remembered', async () => {
  const page = await phone(false, 'en-US');
  await page.goto(base + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.click('a[hreflang=en]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.goto(base + '/followup');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
  await page.goto(base + '/?lang=vi');
  await page.goto(base + '/lost');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.context().close();
});

test('a transferred, accepted and extended case tells its story', async () => {
  const page = await phone(false);
  await chooseProvince(page);
  await fillReport(page);
  await submit(page);
  const receipt = (await page.textContent('body')).match(RECEIPT)[0];
  const id = followupApi(receipt).case_id;
  const key = (u) => ['--identity', path.join(inst, `dev-secrets/inspector-${u}.key`)];
  tocaoCases('transfer', ...key('TT-96'), '--unit-key', path.join(inst, 'dev-secrets/TT-96.key'),
             '--to-key', path.join(inst, 'units/TT-01.pub'), id, 'TT-01');
  tocaoCases('receive', ...key('TT-01'), '--unit-key', path.join(inst, 'dev-secrets/TT-01.key'), id);
  tocaoCases('act', ...key('TT-01'), id, 'accept');
  tocaoCases('act', ...key('TT-01'), id, 'extend', '--criteria', 'a');
  await page.goto(base + '/followup');
  await page.fill('[name=receipt]', receipt);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
  const text = await page.textContent('body');
  assert.match(text, /Cơ quan đang giải quyết\s*Thanh tra thành phố Hà Nội/);
  assert.match(text, /được chuyển đến Thanh tra thành phố Hà Nội/);
  assert.match(text, /Đã thụ lý tố cáo/);
  assert.match(text, /Gia hạn/);
  assert.match(text, /Thời hạn đang chạy\s*Hạn giải quyết/);
  assert.doesNotMatch(text, /Hạn xử lý ban đầu/, 'the first step\'s deadline is not shown as pending');
  assert.doesNotMatch(text, /\(đã quá hạn\)/);
  if (shots) await page.screenshot({ path: path.join(shots, 'status.png'), fullPage: true });
  await page.context().close();
});

test('the lost-receipt page says what to do and where to go', async () => {
  const page = await phone(false);
  await page.goto(base + '/followup');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/lost"]')]);
  const text = await page.textContent('body');
  assert.match(text, /Mất mã tra cứu\?/);
  assert.match(text, /Ngô Thì Nhậm/);
  assert.match(text, /Thanh tra tỉnh Cà Mau/);
  if (shots) await page.screenshot({ path: path.join(shots, 'lost.png'), fullPage: true });
  await page.context().close();
});

// axe-core, injected from node_modules (the pages' CSP forbids scripts: bypassed for the check).
const axeSource = path.join(path.dirname(new URL(import.meta.url).pathname),
                            'node_modules', 'axe-core', 'axe.min.js');
async function noViolations(page, state) {
  await page.addScriptTag({ path: axeSource });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(found, [], `axe-core on ${state}`);
}

for (const [name, viewport] of [['phone', { width: 360, height: 800 }], ['desktop', DESKTOP]]) {
  test(`${name}: no WCAG A/AA violation under axe-core on every page state`, async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true,
      ignoreHTTPSErrors: true, viewport, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(base + '/');
    await noViolations(page, 'the province step');
    await chooseProvince(page);
    await noViolations(page, 'the form');
    await fillReport(page);
    await page.fill('input[name=occurred_on]', '2099-01-01');
    await submit(page);
    await noViolations(page, 'the form with errors');
    await page.fill('input[name=occurred_on]', '2026-10-01');
    await submit(page);
    const receipt = (await page.textContent('body')).match(RECEIPT)[0];
    await noViolations(page, 'the receipt');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/reports/receipt/forget"] [type=submit]')]);
    await noViolations(page, 'the receipt no longer shown');
    await page.goto(base + '/followup');
    await noViolations(page, 'the follow-up ask');
    await page.fill('[name=receipt]', 'AAAA-BBBB-CCCC-DDDD-EEEE');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
    await noViolations(page, 'a wrong receipt');
    await page.fill('[name=receipt]', receipt);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] [type=submit]')]);
    await noViolations(page, 'the case');
    await page.fill('textarea[name=text]', 'Một tin nhắn.');
    await Promise.all([page.waitForNavigation(),
                       page.click('form[action="/followup/messages"] [type=submit]')]);
    await noViolations(page, 'the case after a message');
    await page.goto(base + '/lost');
    await noViolations(page, 'the lost-receipt page');
    await page.goto(base + '/?lang=en&province=01');
    await noViolations(page, 'the form in English');
    await ctx.close();
  });
}
