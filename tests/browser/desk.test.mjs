// The inspectors' desk (`tocao desk`) in a real browser, against the real daemon holding
// 10,000 cases of Cà Mau (TT-96): open the desk from its printed URL, find an overdue case,
// search without diacritics, read the attachment and the citizen's message, reply, accept and
// extend with criteria, assign, see a refusal in Vietnamese, transfer a confidential case to
// Hà Nội (TT-01) whose own desk receives it with the identity still sealed, and see the
// sender's register. JavaScript off (as the desk needs none) and on.
//   TOCAO_BIN_DIR=build/bin node --test tests/browser/desk.test.mjs
// TOCAO_SCREENSHOTS=docs/screenshots refreshes docs/screenshots/desk-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  bin, startInstance, stopInstance, spawnDaemon, stopProcess, apiClient, startDesk,
} from './instance.mjs';

const shots = process.env.TOCAO_SCREENSHOTS;
const N = 10000;

let it, inst, base, browser;
const desks = [];
// The cases the story follows, by role; filled by before().
const c = {};

// A small real PNG (stripes of the flag's red and yellow), made here byte by byte.
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) {
      const red = Math.floor((x + y) / 12) % 2 === 0;
      row.set(red ? [0xda, 0x25, 0x1d] : [0xff, 0xcd, 0x00], 1 + 3 * x);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
                        chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
                        chunk('IEND', Buffer.alloc(0))]);
}
const PHOTO = png(160, 96);

// Everyday reports of a province: varied kinds, categories, words with their marks.
const SUBJECTS = [
  ['land', 'Thu tiền sai quy định khi cấp giấy chứng nhận quyền sử dụng đất'],
  ['corruption', 'Nhận tiền để bỏ qua vi phạm xây dựng'],
  ['public_investment', 'Công trình đường giao thông nông thôn chậm tiến độ, kém chất lượng'],
  ['social_policy', 'Lập danh sách hộ nghèo không đúng đối tượng'],
  ['environment', 'Cơ sở chế biến thủy sản xả nước thải ra kênh'],
  ['abuse_of_power', 'Cán bộ ấp ép dân ký biên bản'],
  ['public_finance', 'Chi sai mục đích kinh phí hỗ trợ ngư dân'],
  ['personnel', 'Bổ nhiệm người thân không đủ tiêu chuẩn'],
  ['harassment', 'Gây khó khăn khi làm thủ tục đăng ký kinh doanh'],
  ['waste', 'Trụ sở mới xây bỏ hoang nhiều năm'],
];
const PLACES = ['Tân Thành', 'Lý Văn Lâm', 'An Xuyên', 'Tắc Vân', 'Hòa Thành', 'Định Bình',
                'Thới Bình', 'Trần Văn Thời', 'Năm Căn', 'Cái Nước', 'Đầm Dơi', 'Ngọc Hiển'];
const REPORTER = { full_name: 'Nguyễn Thị Hoa', address: '25 Phan Ngọc Hiển, phường An Xuyên, Cà Mau' };
const SECRET_NAME = 'Lê Văn Kín Đáo';

function everyday(i) {
  const [category, subject] = SUBJECTS[i % SUBJECTS.length];
  const place = PLACES[Math.floor(i / SUBJECTS.length) % PLACES.length];
  const kind = i % 7 === 3 ? 'complaint' : i % 11 === 5 ? 'petition' : 'denunciation';
  const r = {
    kind, identity: kind === 'denunciation' && i % 5 === 0 ? 'anonymous' : 'named',
    jurisdiction: { province: '96', commune: '32002', level: 'commune' },
    accused: { name: `Ông Trần Văn ${i % 97}`, position: 'cán bộ xã', organisation: `UBND xã ${place}` },
    category, summary: `${subject} tại xã ${place} (đơn số ${i})`,
    details: `Ngày ${1 + (i % 28)}/10/2026, tại xã ${place}: ${subject.toLowerCase()}. ` +
             'Người dân đã phản ánh nhiều lần nhưng chưa được giải quyết.',
  };
  if (r.identity !== 'anonymous') r.reporter = REPORTER;
  return r;
}

// The three cases the story follows; each becomes overdue (received 28 days ago: four whole
// weeks, so every shifted deadline keeps its weekday and stays a working day). Their own
// accused, so that no word of an everyday place is in them.
const ACCUSED = { name: 'Ông Huỳnh Văn Tư', position: 'trưởng ấp', organisation: 'Ấp Rạch Gốc' };
const STORY = {
  photo: { ...everyday(1), accused: ACCUSED, category: 'corruption', identity: 'named', reporter: REPORTER,
           summary: 'Cán bộ thu tiền quỹ khuyến học trái quy định ở ấp Rạch Gốc',
           details: 'Mỗi hộ ở ấp Rạch Gốc bị thu 500.000 đồng quỹ khuyến học, không có biên lai. ' +
                    'Tôi gửi kèm ảnh tờ thông báo thu tiền.' },
  sealed: { ...everyday(2), accused: ACCUSED, kind: 'denunciation', identity: 'confidential', category: 'land',
            reporter: { full_name: SECRET_NAME, address: '7 Nguyễn Trãi, Hoàn Kiếm, Hà Nội',
                        phone: '0987 654 321' },
            jurisdiction: { province: '96', commune: '32002', level: 'commune' },
            summary: 'Doanh nghiệp Hà Nội chiếm đất bãi bồi ven biển Khai Long',
            details: 'Một công ty có trụ sở ở Hà Nội rào chắn bãi bồi ven biển Khai Long, ' +
                     'ngăn người dân vào khai thác. Tôi làm việc ở công ty nên xin giữ bí mật.' },
  plain: { ...everyday(3), accused: ACCUSED, kind: 'denunciation', identity: 'named', reporter: REPORTER,
           category: 'public_investment',
           summary: 'Cầu dân sinh kênh Xáng Bạch Ngưu xuống cấp sau một năm',
           details: 'Cầu mới làm xong năm ngoái đã nứt mặt cầu, lan can gãy, nguy hiểm cho học sinh.' },
};
const CITIZEN_MESSAGE = 'Tôi bổ sung: ông trưởng ấp nói tiền quỹ khuyến học nộp thẳng cho ông, ' +
                        'không qua ban đại diện cha mẹ học sinh.';

function todayVN() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}

before(async () => {
  it = await startInstance();
  ({ inst, base, browser } = it);
  let api = apiClient(inst, base, 16);
  // 9,997 everyday reports through the JSON API, 16 at a time on kept-alive connections.
  await api.submitMany(N - 3, everyday, 16);
  const photo = await api.submitWithFiles(STORY.photo,
                                          [{ name: 'thong-bao-thu-tien.png', type: 'image/png', data: PHOTO }]);
  assert.equal(photo.status, 201, String(photo.raw));
  c.photo = photo.doc;
  for (const k of ['sealed', 'plain']) {
    const res = await api.request('POST', '/api/v1/reports', { json: STORY[k] });
    assert.equal(res.status, 201, String(res.raw));
    c[k] = res.doc;
  }
  // The citizen writes again with the receipt alone.
  const m = await api.request('POST', '/api/v1/followup/messages',
                              { json: { receipt: c.photo.receipt, text: CITIZEN_MESSAGE } });
  assert.equal(m.status, 201, String(m.raw));
  api.close();
  // Forty days back in time for the three (the daemon stopped), then the daemon again.
  await stopProcess(it.daemon);
  for (const k of ['photo', 'sealed', 'plain']) {
    execFileSync(path.join(bin, 'e2e_backdate'), [path.join(inst, 'store'), c[k].case_id, '28']);
  }
  ({ daemon: it.daemon, base } = await spawnDaemon(inst));
  // A second inspector of the unit, with a protected identity, added without a restart.
  const office = path.join(it.tmp, 'office');
  mkdirSync(office);
  const made = JSON.parse(execFileSync(path.join(bin, 'tocao'), [
    'inspector', 'add', '--unit-key', path.join(inst, 'dev-secrets', 'TT-96.key'), '--name', 'mai',
    '--out-dir', office, '--json'], { encoding: 'utf8',
    env: { ...process.env, TOCAO_PASSPHRASE: 'một cụm mật khẩu đủ dài' } }));
  copyFileSync(made.public, path.join(inst, 'principals', 'inspector-mai.pub'));
  const logged = it.daemon.log.length;
  it.daemon.kill('SIGHUP');
  for (let t = 0; !it.daemon.log.slice(logged).includes('principals reloaded'); t++) {
    assert.ok(t < 300, 'the daemon did not reload its principals: ' + it.daemon.log.slice(logged));
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  for (const d of desks) await stopProcess(d.proc);
  await stopInstance(it);
});

async function desk(unit = 'TT-96') {
  const d = await startDesk(inst, base, {
    identity: path.join(inst, 'dev-secrets', `inspector-${unit}.key`),
    unitKey: path.join(inst, 'dev-secrets', `${unit}.key`),
  });
  desks.push(d);
  return d;
}

// An office screen, in Vietnamese; every console error and page error is kept for the end.
async function screen(javaScriptEnabled) {
  const ctx = await browser.newContext({
    javaScriptEnabled, locale: 'vi-VN', acceptDownloads: true,
    viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1,
  });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => page.errors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function shot(page, name, fullPage = false) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `desk-${name}.png`), fullPage });
}

// Click and wait for the page that answers (every form posts and redirects; no script).
async function go(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function text(page, selector = 'main') {
  return (await page.innerText(selector)).replace(/\s+/g, ' ').trim();
}

// Open the desk from its printed URL: the token becomes a strict, HTTP-only cookie, once.
async function openDesk(page, d, cases) {
  await page.goto(d.url);
  assert.equal(new URL(page.url()).pathname, '/');
  const cookie = (await page.context().cookies()).find((k) => k.name === 'tocao_desk');
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));
  assert.equal(await page.textContent('h1'), 'Hộp hồ sơ');
  assert.match(await text(page, 'p[role=status]'), new RegExp(`tổng cộng ${cases}\\)`));
  // The link works once: a second browser gets the refusal page, not the inbox.
  const again = await browser.newContext();
  const p2 = await again.newPage();
  const res = await p2.goto(d.url);
  assert.equal(res.status(), 403);
  assert.match(await p2.textContent('body'), /đã được dùng/);
  await again.close();
}

// The rows of the inbox's table: { id, due, summary }.
async function rows(page) {
  return page.$$eval('main table tbody tr', (trs) => trs.map((tr) => ({
    id: tr.cells[0].textContent.trim(), due: tr.cells[1].textContent.replace(/\s+/g, ' ').trim(),
    overdue: !!tr.cells[1].querySelector('.due.overdue'), summary: tr.cells[5].textContent.trim(),
    assigned: tr.cells[6].textContent.trim(),
  })));
}

function deadlineOf(page, label) {
  return page.$eval('dl.deadlines', (dl, label) => {
    for (const dt of dl.querySelectorAll('dt')) {
      if (dt.textContent.trim() === label) return dt.nextElementSibling.textContent;
    }
    return null;
  }, label);
}

test('JavaScript off: inbox of 10,000, the overdue case, search, attachment, reply, accept, ' +
     'extend, assign, and a refusal in Vietnamese', async () => {
  const d = await desk();
  assert.equal(d.count, N);
  const page = await screen(false);
  await openDesk(page, d, '10.000');

  // Overdue first: the count says 3, the deadline sort puts them on top.
  assert.match(await text(page, '.counts'), /Quá hạn: 3(?!\d).*Đang giải quyết: 10\.000/);
  const top = await rows(page);
  assert.equal(top.length, 50);
  assert.deepEqual(top.slice(0, 3).map((r) => r.overdue), [true, true, true]);
  assert.equal(top[3].overdue, false);
  assert.deepEqual(new Set(top.slice(0, 3).map((r) => r.id)),
                   new Set([c.photo.case_id, c.sealed.case_id, c.plain.case_id]));
  assert.match(top[0].due, /Quá hạn \d+ ngày/);
  assert.match(await text(page, 'nav.pager'), /Trang 1 \/ 200/);
  await shot(page, 'inbox');
  await go(page, '.counts a[href="/?due=overdue"]');
  assert.match(await text(page, 'p[role=status]'), /Hiển thị 1–3 trong 3 hồ sơ phù hợp/);
  assert.equal((await rows(page)).length, 3);

  // Search without diacritics, over every case.
  await page.goto(d.origin + '/');
  await page.fill('input[name=q]', 'khuyen hoc rach goc');
  await go(page, 'form.filters button[type=submit]');
  assert.match(await text(page, 'p[role=status]'), /Hiển thị 1–1 trong 1 hồ sơ phù hợp/);
  let found = await rows(page);
  assert.equal(found[0].id, c.photo.case_id);
  assert.match(found[0].summary, /quỹ khuyến học trái quy định ở ấp Rạch Gốc/);
  assert.ok(found[0].overdue);
  await page.fill('input[name=q]', 'xa tan thanh');
  await go(page, 'form.filters button[type=submit]');
  assert.match(await text(page, 'p[role=status]'), /trong [\d.]+ hồ sơ phù hợp/);
  assert.ok((await rows(page)).every((r) => /Tân Thành/.test(r.summary)));

  // The case: the report, the photo (shown and downloadable), the citizen's message.
  await page.goto(d.origin + '/?q=' + encodeURIComponent('khuyến học'));
  await go(page, `main table a[href="/case/${c.photo.case_id}"]`);
  assert.match(await page.textContent('h1'), new RegExp(`Hồ sơ ${c.photo.case_id}`));
  let main = await text(page);
  assert.match(main, /Mỗi hộ ở ấp Rạch Gốc bị thu 500\.000 đồng/);
  assert.match(main, /Nguyễn Thị Hoa/); // a named reporter is shown
  assert.match(main, /Tài liệu kèm theo \(1\)/);
  assert.match(main, /thong-bao-thu-tien\.png/);
  assert.match(await text(page, 'article.msg.reporter'), new RegExp(CITIZEN_MESSAGE.slice(0, 40)));
  assert.match(main, /Quá hạn \d+ ngày/);
  const img = page.locator('img.preview');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete, await img.elementHandle());
  assert.equal(await img.evaluate((el) => el.naturalWidth), 160);
  const href = await page.getAttribute('a[download]', 'href');
  const file = await page.context().request.get(d.origin + href);
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-disposition'], /^attachment;.*thong-bao-thu-tien\.png/);
  assert.ok(Buffer.compare(await file.body(), PHOTO) === 0, 'the download is the original file');
  const view = await page.context().request.get(d.origin + href + '/view');
  assert.equal(view.headers()['content-type'], 'image/png');
  assert.match(view.headers()['content-security-policy'], /sandbox/);

  // Reply; the citizen reads it with the receipt, signed.
  const reply = 'Thanh tra tỉnh đã nhận thông tin bổ sung và sẽ làm việc với ban đại diện cha mẹ học sinh.';
  await page.fill('#reply-text', reply);
  await go(page, `form[action="/case/${c.photo.case_id}/reply"] button`);
  assert.match(await text(page, '.notice.ok'), /Đã gửi tin nhắn cho người gửi đơn/);
  assert.match(await text(page, 'article.msg.unit'), /sẽ làm việc với ban đại diện/);
  // The photo and the conversation in view (the report itself is above).
  await page.$eval('section.box:has(img.preview)', (el) => window.scrollTo(0, el.offsetTop - 8));
  await shot(page, 'case');
  const api = apiClient(inst, base, 2);
  const seen = await api.request('POST', '/api/v1/followup', { json: { receipt: c.photo.receipt } });
  api.close();
  assert.equal(seen.status, 200, String(seen.raw));
  const last = seen.doc.messages.at(-1);
  assert.equal(last.from, 'unit');
  assert.equal(last.text, reply);
  assert.equal(last.signature, 'signed');

  // Accept, then extend with two criteria and the decision's number and date.
  await page.click('details.act:has(input[name=action][value=accept]) summary');
  await page.fill('#accept-num', '41/QĐ-TTr');
  await page.fill('#accept-date', todayVN());
  await go(page, 'details.act:has(input[name=action][value=accept]) button[type=submit]');
  assert.match(await text(page, '.notice.ok'), /Đã ghi nhận việc xử lý/);
  assert.match(await page.textContent('h1'), /Đã thụ lý/);
  const settleBy = await deadlineOf(page, 'Hạn giải quyết');
  assert.ok(settleBy, 'an accepted case has its settlement deadline');
  const extend = page.locator('details.act:has(input[name=action][value=extend])');
  await extend.locator('summary').click();
  await page.check('input[name=criteria_a]');
  await page.check('input[name=criteria_b]');
  await page.fill('#extend-num', '42/QĐ-TTr');
  await page.fill('#extend-date', todayVN());
  await page.fill('#extend-note', 'Phải xác minh ở hai ấp và ở trường tiểu học.');
  await extend.scrollIntoViewIfNeeded();
  await shot(page, 'actions');
  await go(page, 'details.act:has(input[name=action][value=extend]) button[type=submit]');
  assert.match(await text(page, '.notice.ok'), /Đã ghi nhận việc xử lý/);
  const extended = await deadlineOf(page, 'Hạn giải quyết');
  assert.notEqual(extended, settleBy, 'the extension moves the settlement deadline');
  const [, dd, mm, yyyy] = extended.match(/(\d\d)\/(\d\d)\/(\d{4})/);
  const [, d0, m0, y0] = settleBy.match(/(\d\d)\/(\d\d)\/(\d{4})/);
  assert.ok(`${yyyy}${mm}${dd}` > `${y0}${m0}${d0}`, `${extended} after ${settleBy}`);
  main = await text(page);
  assert.match(main, /Xử lý: Thụ lý/);
  assert.match(main, /Xử lý: Gia hạn giải quyết/);
  assert.match(main, /Quyết định, văn bản số 42\/QĐ-TTr/); // the paperwork, in the sealed note
  assert.match(main, /Phải xác minh ở hai ấp/);
  assert.equal(await page.locator('input[name=criteria_a][checked][disabled]').count(), 1);

  // Assign to the other inspector of the unit, then to me: "my cases" lists it.
  await page.selectOption('#assign-to', 'inspector-mai');
  await go(page, `form[action="/case/${c.photo.case_id}/assign"] button`);
  assert.match(await text(page, '.notice.ok'), /Đã phân công/);
  assert.equal(await page.$eval('#assign-to', (s) => s.value), 'inspector-mai');
  assert.match(await text(page), /Phân công: [A-Za-z0-9+/]{8}/);
  await page.selectOption('#assign-to', 'me');
  await go(page, `form[action="/case/${c.photo.case_id}/assign"] button`);
  await go(page, 'header.top nav a[href="/?assignee=me"]');
  found = await rows(page);
  assert.deepEqual(found.map((r) => r.id), [c.photo.case_id]);
  assert.equal(found[0].assigned, 'Tôi');
  assert.match(await text(page, '.counts'), /Quá hạn: 2(?!\d)/);

  // A refused action: settling a case not yet accepted, posted with the page's own token.
  await page.goto(`${d.origin}/case/${c.plain.case_id}`);
  await page.route('**/case/*/act', (route) => route.continue({
    postData: route.request().postData().replace('action=accept', 'action=settle') }));
  await page.click('details.act:has(input[name=action][value=accept]) summary');
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.click('details.act:has(input[name=action][value=accept]) button[type=submit]')]);
  await page.unroute('**/case/*/act');
  assert.equal(answer.status(), 409);
  // The browser logs the page's own 409; nothing else may be there.
  assert.deepEqual(page.errors.splice(0).filter((e) => !/status of 409/.test(e)), []);
  assert.equal(await text(page, '.notice.error'),
               'Máy chủ từ chối: Chỉ kết luận được hồ sơ đã thụ lý và không đang tạm đình chỉ.');
  assert.match(await page.textContent('h1'), /Đã tiếp nhận, chờ xử lý/);
  assert.doesNotMatch(await text(page), /Xử lý: Kết luận/);

  // Paper: the navigation and the forms are not printed, the case is.
  await page.goto(`${d.origin}/case/${c.photo.case_id}`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('header.top'), false);
  assert.equal(await page.isVisible('details.act'), false);
  assert.ok(await page.isVisible('dl.deadlines'));
  await shot(page, 'case-print', true);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('JavaScript on: a desk of its own, the same inbox, search and case', async () => {
  const d = await desk();
  const page = await screen(true);
  await openDesk(page, d, '10.000');
  assert.equal(await page.evaluate(() => 1 + 1), 2); // scripts do run in this context
  assert.match(await text(page, '.counts'), /Quá hạn: 2(?!\d)/);
  await page.selectOption('select[name=due]', 'overdue');
  await page.selectOption('select[name=track]', 'denunciation');
  await page.fill('input[name=q]', 'KHAI LONG');
  await go(page, 'form.filters button[type=submit]');
  const found = await rows(page);
  assert.deepEqual(found.map((r) => r.id), [c.sealed.case_id]);
  await go(page, `main table a[href="/case/${c.sealed.case_id}"]`);
  assert.match(await text(page), /bãi bồi ven biển Khai Long/);
  assert.ok(await page.isVisible('.sealed'));
  assert.doesNotMatch(await page.content(), new RegExp(SECRET_NAME));
  // My cases, and the photo case's conversation both ways.
  await go(page, 'header.top nav a[href="/?assignee=me"]');
  await go(page, `main table a[href="/case/${c.photo.case_id}"]`);
  assert.equal(await page.locator('article.msg.reporter').count(), 1);
  assert.equal(await page.locator('article.msg.unit').count(), 1);
  const img = page.locator('img.preview');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  // Another page in English.
  await go(page, 'a.lang');
  assert.match(await page.textContent('h1'), /^Case /);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('JavaScript off: a confidential case transferred to Hà Nội, received there still sealed, ' +
     'and the sender\'s register', async () => {
  const sender = await desk();
  const page = await screen(false);
  await openDesk(page, sender, '10.000');
  await page.goto(`${sender.origin}/case/${c.sealed.case_id}`);
  assert.ok(await page.isVisible('.sealed'));
  await page.selectOption('#transfer-to', 'TT-01');
  assert.match(await text(page, `form[action="/case/${c.sealed.case_id}/transfer"]`),
               /Danh tính người tố cáo vẫn niêm phong khi chuyển/);
  await go(page, `form[action="/case/${c.sealed.case_id}/transfer"] button`);
  if (!(await page.isVisible('.notice.ok'))) assert.fail(await text(page, '.notice'));
  assert.match(await text(page, '.notice.ok'), /Đã đề nghị chuyển đơn/);
  assert.match(await text(page, '.notice.info'), /Đang chờ TT-01 xác nhận/);
  await go(page, 'header.top nav a[href="/transfers"]');
  assert.match(await text(page, 'main section.box:nth-of-type(2)'), new RegExp(`${c.sealed.case_id} TT-01`));

  // Hà Nội's inspector, on a desk of their own: the offer, received, the identity sealed.
  const receiver = await desk('TT-01');
  assert.equal(receiver.count, 0);
  const hn = await screen(false);
  await openDesk(hn, receiver, '0');
  assert.match(await text(hn, 'p[role=status]'), /Không có hồ sơ nào phù hợp/);
  await go(hn, 'header.top nav a[href="/transfers"]');
  const offer = await text(hn, 'main section.box:nth-of-type(1) tbody');
  assert.match(offer, new RegExp(`${c.sealed.case_id} TT-96 Tố cáo danh tính niêm phong`));
  await shot(hn, 'transfers');
  await go(hn, `form[action="/case/${c.sealed.case_id}/receive"] button`);
  assert.equal(new URL(hn.url()).pathname, `/case/${c.sealed.case_id}`);
  assert.match(await text(hn, '.notice.ok'), /Đã nhận hồ sơ chuyển đến/);
  assert.match(await text(hn), /bãi bồi ven biển Khai Long/);
  assert.ok(await hn.isVisible('.sealed'));
  assert.doesNotMatch(await hn.content(), new RegExp(SECRET_NAME));
  // The reveal needs a reason; with one, the name shows on that page only.
  await hn.fill('#reveal-reason', 'Cần làm việc trực tiếp với người tố cáo để xác minh ranh giới bãi bồi.');
  await go(hn, `form[action="/case/${c.sealed.case_id}/reveal"] button`);
  assert.match(await text(hn, '.notice.info'), /Danh tính đã được mở/);
  assert.match(await text(hn), new RegExp(SECRET_NAME));
  await hn.goto(`${receiver.origin}/case/${c.sealed.case_id}`);
  assert.ok(await hn.isVisible('.sealed'));
  assert.match(await text(hn), /Mở danh tính người tố cáo/); // the timeline records it
  assert.doesNotMatch(await hn.content(), new RegExp(SECRET_NAME));
  await go(hn, 'header.top nav a[href="/"]');
  assert.match(await text(hn, 'p[role=status]'), /tổng cộng 1\)/);
  assert.deepEqual(hn.errors, []);
  await hn.context().close();

  // The sender's register: the id, the unit, the day; the case itself is gone from it.
  await page.goto(`${sender.origin}/transfers`);
  const register = await text(page, 'main section.box:nth-of-type(3)');
  assert.match(register, new RegExp(`${c.sealed.case_id} TT-01 \\d\\d/\\d\\d/\\d{4}`));
  assert.match(await text(page, 'main section.box:nth-of-type(2)'), /Không có/);
  const gone = await page.goto(`${sender.origin}/case/${c.sealed.case_id}`);
  assert.equal(gone.status(), 404);
  assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
  await page.context().close();
});
