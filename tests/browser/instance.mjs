// A throwaway dev instance with the real daemon on a free loopback port, and Debian's
// headless Chromium: what every browser test starts from.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const bin = process.env.TOCAO_BIN_DIR || path.join(root, 'build', 'bin');

// prepare(inst) runs after `tocao init --dev` and before the daemon starts; env is added to
// the daemon's environment (e.g. libfaketime's, to move its clock).
export async function startInstance(prepare = () => {}, env = {}) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tocao-browser-'));
  const inst = path.join(tmp, 'inst');
  execFileSync(path.join(bin, 'tocao'), ['init', '--dev', inst]);
  await prepare(inst);
  const daemon = spawn(path.join(bin, 'tocaod'), ['-d', inst, '--listen', '127.0.0.1:0'],
                       { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const base = await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error('tocaod did not start: ' + log)), 20000);
    daemon.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { tmp, inst, daemon, base, browser };
}

export async function stopInstance(it) {
  await it?.browser?.close();
  if (it?.daemon) {
    it.daemon.kill('SIGTERM');
    await new Promise((r) => it.daemon.on('exit', r));
  }
  if (it?.tmp) rmSync(it.tmp, { recursive: true, force: true });
}

// ---- The desk's tests: a daemon stopped and started again, the JSON API from node, and
// `tocao desk` processes. ----

// Start tocaod on an existing instance (a free port each time); resolves { daemon, base }.
export async function spawnDaemon(inst) {
  const daemon = spawn(path.join(bin, 'tocaod'), ['-d', inst, '--listen', '127.0.0.1:0'],
                       { stdio: ['ignore', 'ignore', 'pipe'] });
  daemon.log = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('tocaod did not start: ' + daemon.log)), 30000);
    daemon.stderr.on('data', (d) => {
      daemon.log += d;
      const m = daemon.log.match(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    daemon.on('exit', (code) => reject(new Error(`tocaod exited (${code}): ${daemon.log}`)));
  });
  return { daemon, base };
}

export async function stopProcess(p, sig = 'SIGTERM') {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill(sig);
  await gone;
}

// The daemon's JSON API over TLS with the instance's own certificate; keep-alive, so that
// thousands of requests reuse a few connections.
export function apiClient(inst, base, maxSockets = 16) {
  const ca = readFileSync(path.join(inst, 'tls', 'cert.pem'));
  const agent = new https.Agent({ keepAlive: true, maxSockets, ca });
  const url = new URL(base);
  function request(method, p, { json, body, headers = {} } = {}) {
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json));
      headers = { 'Content-Type': 'application/json', ...headers };
    }
    return new Promise((resolve, reject) => {
      const req = https.request({ host: url.hostname, port: url.port, method, path: p, agent,
                                  headers: { ...headers, 'Content-Length': body ? body.length : 0 } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let doc = null;
          try { doc = JSON.parse(raw.toString('utf8')); } catch { /* not JSON */ }
          resolve({ status: res.statusCode, headers: res.headers, raw, doc });
        });
      });
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  }
  // A report with files, as multipart/form-data (a "report" part and "file" parts).
  function submitWithFiles(report, files) {
    const b = '----tocao' + Math.random().toString(16).slice(2);
    const parts = [Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="report"\r\n` +
                               `Content-Type: application/json\r\n\r\n${JSON.stringify(report)}\r\n`)];
    for (const f of files) {
      parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; ` +
                             `filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`));
      parts.push(f.data, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${b}--\r\n`));
    return request('POST', '/api/v1/reports', {
      body: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${b}` } });
  }
  // n reports made by make(i), `concurrency` at a time; resolves the 201 answers in order.
  async function submitMany(n, make, concurrency = 16) {
    const out = new Array(n);
    let next = 0;
    async function worker() {
      while (next < n) {
        const i = next++;
        const res = await request('POST', '/api/v1/reports', { json: make(i) });
        if (res.status !== 201) throw new Error(`report ${i}: ${res.status} ${res.raw}`);
        out[i] = res.doc;
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    return out;
  }
  return { request, submitWithFiles, submitMany, close: () => agent.destroy() };
}

// `tocao desk` for one inspector; resolves once it printed its URL and its count:
// { proc, url, origin, count, stdout }.
export async function startDesk(inst, base, { identity, unitKey, english = false } = {}) {
  const args = ['desk', '--server', base, '--cacert', path.join(inst, 'tls', 'cert.pem'),
                '--identity', identity, '--unit-key', unitKey, '--directory', inst,
                '--listen', '127.0.0.1:0', '--no-browser'];
  if (english) args.push('--english');
  const env = { ...process.env };
  delete env.TOCAO_PASSPHRASE;
  const proc = spawn(path.join(bin, 'tocao'), args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('tocao desk did not start: ' + out + err)),
                             120000);
    proc.on('exit', (code) => reject(new Error(`tocao desk exited (${code}): ${out}${err}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+)\/open\?token=[0-9a-f]{64}\n(\d+) cases of /);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: out.split('\n')[0], origin: m[1], count: Number(m[2]), stdout: out,
                  stderr: () => err });
      }
    });
  });
}
