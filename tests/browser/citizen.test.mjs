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
async function phone(javaScriptEnabled = false, locale = 'vi-VN') {
  const ctx = await browser.newContext({
    javaScriptEnabled, locale, ignoreHTTPSErrors: true,
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 1,
  });
  return ctx.newPage();
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

test('validation errors keep what was typed, beside each field', async () => {
  const page = await phone(false);
  await chooseProvince(page);
  const v = await fillReport(page, { summary: 'abc' });
  await page.fill('input[name=occurred_on]', '2099-01-01');
  await submit(page);
  assert.equal(await page.getAttribute('[name=summary]', 'aria-invalid'), 'true');
  assert.ok(await page.isVisible('#err-summary'));
  assert.ok(await page.isVisible('#err-occurred_on'));
  assert.equal(await page.inputValue('[name=full_name]'), v.full_name);
  assert.equal(await page.inputValue('[name=address]'), v.address);
  assert.equal(await page.inputValue('textarea[name=details]'), v.details);
  assert.equal(await page.inputValue('select[name=commune]'), '32002');
  assert.ok(await page.isChecked('input[name=identity][value=named]'));
  if (shots) await page.screenshot({ path: path.join(shots, 'errors.png'), fullPage: true });
  // Corrected, it goes through.
  await page.fill('[name=summary]', 'Thu tiền sai quy định khi cấp sổ đỏ');
  await page.fill('input[name=occurred_on]', '2026-10-01');
  await submit(page);
  assert.match(await page.textContent('body'), RECEIPT);
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
  await submit(page);
  const text = await page.textContent('body');
  assert.match(text, RECEIPT);
  assert.match(text, /Hanoi|Hà Nội/);
  await page.context().close();
});
