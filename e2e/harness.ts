// Starts the built server (dist/server.js) on a throwaway SQLite file, launches the system Chromium, and reads comment markup.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here; with REQUIRE_BROWSER=1 a missing Chromium is an error. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but Chromium is not at ${CHROMIUM_PATH}.`);
  console.warn(`[notice] Chromium not found at ${CHROMIUM_PATH}: browser tests are skipped on this machine.`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  databaseUrl: string;
  dataDir: string;
  /** The server's process (with WORKERS > 1, the primary). */
  pid: number;
  output: () => string;
  /** Stops it with SIGTERM and says how it exited: its exit code, or null after a signal. */
  stop(): Promise<number | null>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-e2e-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['dist/server.js'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`, DATA_DIR: dir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    databaseUrl: `sqlite:${join(dir, 'e2e.db')}`,
    dataDir: dir,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The markup of a comment and its replies, as lines of tags with their attributes and of text, in order:
 * what the page shows after a post in place is compared with what it draws after a reload. The time's
 * wording ("just now", which the script writes on both), the one-off thank-you note and the tabindex the
 * script gives the new comment to move the focus there are left out.
 */
export function commentMarkup(page: Page, commentId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const lines: string[] = [];
    const walk = (node: Node, depth: number): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        const words = (node.textContent ?? '').trim();
        if (words !== '' && node.parentElement?.tagName !== 'TIME') lines.push(`${depth} "${words}"`);
        return;
      }
      if (!(node instanceof Element) || node.classList.contains('form-notice')) return;
      const attributes = Array.from(node.attributes).filter((a) => a.name !== 'tabindex').map((a) => `${a.name}=${a.value}`).sort();
      lines.push(`${depth} <${node.tagName.toLowerCase()} ${attributes.join(' ')}>`);
      node.childNodes.forEach((child) => walk(child, depth + 1));
    };
    walk(document.getElementById(id)!.closest('li')!, 0);
    return lines;
  }, commentId);
}
