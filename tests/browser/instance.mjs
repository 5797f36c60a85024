// A throwaway dev instance with the real daemon on a free loopback port, and Debian's
// headless Chromium: what every browser test starts from.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const bin = process.env.TOCAO_BIN_DIR || path.join(root, 'build', 'bin');

// prepare(inst) runs after `tocao init --dev` and before the daemon starts.
export async function startInstance(prepare = () => {}) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tocao-browser-'));
  const inst = path.join(tmp, 'inst');
  execFileSync(path.join(bin, 'tocao'), ['init', '--dev', inst]);
  await prepare(inst);
  const daemon = spawn(path.join(bin, 'tocaod'), ['-d', inst, '--listen', '127.0.0.1:0'],
                       { stdio: ['ignore', 'ignore', 'pipe'] });
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
