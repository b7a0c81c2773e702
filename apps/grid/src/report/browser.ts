import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Connection, withTimeout, type Message } from './cdp.ts';

/**
 * A small headless Chromium driver: the DevTools protocol on file descriptors 3 and 4 (see
 * cdp.ts). A pipe needs no port and no WebSocket, and keeps the project free of a browser
 * automation dependency for what is a page check and a screenshot.
 */

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_INSTALL = 'apt-get install -y chromium';

/** Flags for a quiet, offline, throwaway browser that also runs as root in a container. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--hide-scrollbars',
  '--remote-debugging-pipe',
];

/** Generous, since a loaded two-core machine may take many seconds to start a browser. */
const LAUNCH_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 60_000;

/** The browser to start: `$CHROMIUM_PATH` if set, else the first of `CHROMIUM_PATHS`. */
export function findChromium(
  candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CHROMIUM_PATHS,
): string {
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `Chromium was not found at ${candidates.join(' or ')}; install it with ` +
      `\`${CHROMIUM_INSTALL}\`, or point CHROMIUM_PATH at a Chromium or Chrome binary`,
  );
}

/** A rectangle of the page in CSS pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Something a page reported as an error: a console.error, an uncaught exception, a log. */
export interface PageProblem {
  kind: 'console' | 'exception' | 'log';
  text: string;
}

/** A started Chromium with its own throwaway profile. */
export class Browser {
  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: Connection,
    private readonly profileDir: string,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts Chromium and waits for its first answer; fails with its exit and stderr. */
  static async launch(executablePath = findChromium()): Promise<Browser> {
    const profileDir = await mkdtemp(join(tmpdir(), 'scifact-chromium-'));
    const child = spawn(executablePath, [...CHROMIUM_FLAGS, `--user-data-dir=${profileDir}`], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });

    // Chromium's stderr is noisy (D-Bus, GPU); only its end helps explain a failed start.
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const connection = new Connection(
      child.stdio[3] as Writable,
      child.stdio[4] as Readable,
      COMMAND_TIMEOUT_MS,
    );

    // A binary that cannot be started emits 'error' and never 'exit'; both end the process.
    const exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        connection.fail(new Error(`Chromium failed to start: ${error.message}`));
        resolve();
      });
      child.once('exit', (code, signal) => {
        const why = signal ? `signal ${signal}` : `code ${code}`;
        connection.fail(new Error(`Chromium exited (${why}); its stderr ended with:\n${stderr}`));
        resolve();
      });
    });

    const browser = new Browser(child, connection, profileDir, exited);
    try {
      await withTimeout(
        connection.send('Browser.getVersion'),
        LAUNCH_TIMEOUT_MS,
        `Chromium (${executablePath}) did not start within ${LAUNCH_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      await browser.close();
      throw error;
    }
    return browser;
  }

  /** A fresh tab, 1280 × 900 unless told otherwise, already collecting its problems. */
  async newPage(width = 1280, height = 900): Promise<Page> {
    const { targetId } = await this.connection.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.connection.send('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = new Page(this.connection, sessionId, targetId);
    await page.start(width, height);
    return page;
  }

  /** Asks Chromium to quit, kills it if it does not, and removes its profile. */
  async close(): Promise<void> {
    this.connection.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** One tab. Its `problems` fill as the page logs errors or throws. */
export class Page {
  readonly problems: PageProblem[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly sessionId: string,
    private readonly targetId: string,
  ) {
    connection.listen((message) => {
      if (message.sessionId === this.sessionId) this.collect(message);
    });
  }

  async start(width: number, height: number): Promise<void> {
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Page.enable');
    await this.send('Emulation.setDeviceMetricsOverride', {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  /** Opens `url` and waits for its load event. */
  async goto(url: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
    const loaded = this.nextEvent('Page.loadEventFired');
    const { errorText } = await this.send('Page.navigate', { url });
    if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
    await withTimeout(loaded, timeoutMs, `${url} did not finish loading within ${timeoutMs} ms`);
  }

  /** The value of a JavaScript expression in the page; a thrown exception rejects. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) {
      const text = exceptionDetails.exception?.description ?? exceptionDetails.text;
      throw new Error(`evaluating in the page failed: ${text}`);
    }
    return result.value as T;
  }

  /**
   * Polls until `expression` is truthy, or until the page throws an uncaught exception: then
   * the wait could only end in a timeout, and the exception is already in `problems`.
   */
  async waitFor(expression: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (this.problems.some((problem) => problem.kind === 'exception')) return;
      if (Date.now() > deadline) {
        const problems = this.problems.map((problem) => `${problem.kind}: ${problem.text}`);
        throw new Error(
          `the page did not reach \`${expression}\` within ${timeoutMs} ms; ` +
            `it reported: ${problems.join('; ') || 'no errors'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A PNG of the whole page, not only the viewport, or of the region `clip` names. */
  async screenshot(clip?: Region): Promise<Buffer> {
    const region =
      clip ??
      (await this.evaluate<Region>(
        '({ x: 0, y: 0, width: document.documentElement.scrollWidth, ' +
          'height: document.documentElement.scrollHeight })',
      ));
    const { data } = await this.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      clip: { ...region, scale: 1 },
    });
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    await this.connection.send('Target.closeTarget', { targetId: this.targetId });
  }

  private send(method: string, params: object = {}): Promise<any> {
    return this.connection.send(method, params, this.sessionId);
  }

  private nextEvent(method: string): Promise<any> {
    return new Promise((resolve) => {
      const stop = this.connection.listen((message) => {
        if (message.sessionId !== this.sessionId || message.method !== method) return;
        stop();
        resolve(message.params);
      });
    });
  }

  private collect(message: Message): void {
    const params = message.params;
    if (message.method === 'Runtime.consoleAPICalled' && params.type === 'error') {
      const text = params.args
        .map((arg: any) => arg.value ?? arg.description ?? arg.type)
        .join(' ');
      this.problems.push({ kind: 'console', text });
    }
    if (message.method === 'Runtime.exceptionThrown') {
      const details = params.exceptionDetails;
      this.problems.push({
        kind: 'exception',
        text: details.exception?.description ?? details.text,
      });
    }
    if (message.method === 'Log.entryAdded' && params.entry.level === 'error') {
      const where = params.entry.url ? ` (${params.entry.url})` : '';
      this.problems.push({ kind: 'log', text: `${params.entry.text}${where}` });
    }
  }
}
