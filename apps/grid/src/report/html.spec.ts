import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, CHROMIUM_INSTALL, findChromium } from './browser.ts';
import { buildReport } from './build.ts';
import { buildCharts } from './charts.ts';
import { syntheticInput } from './fixtures/synthetic.ts';
import { renderHtml } from './html.ts';
import { openHtml, probeCharts } from './screenshot.ts';

/** Starting Chromium on a loaded two-core machine can take tens of seconds. */
const BROWSER_TIMEOUT_MS = 120_000;

describe('renderHtml', () => {
  const report = buildReport(syntheticInput({ validation: true }));
  const html = renderHtml(report);

  it('states the grid, encoder, split, candidates, checksum and selection metric', () => {
    for (const text of [
      'synthetic',
      'compact',
      'oracle',
      'sha256:0f3a9c1e2b7d',
      'sentence selection + label F1',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('<dt>split</dt><dd>dev</dd>');
  });

  it('needs no network: the chart library is inline and nothing is fetched', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*\shref=/);
    expect(html).toContain('echarts');
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('has a container for every chart and F1 × 100 with one decimal in its tables', () => {
    for (const chart of buildCharts(report)) expect(html).toContain(`id="${chart.id}"`);
    const best = report.rows[0].selected.mean;
    expect(html).toContain(`<td class="num sel">${(100 * best).toFixed(1)}<span class="sd">`);
  });

  it('escapes markup in ids and factor values, in tables and in chart data', () => {
    const input = syntheticInput();
    input.configurations[0].id = '</script><b>x</b>';
    input.configurations[0].factors.negatives = '<i>odd</i>';
    const page = renderHtml(buildReport(input), { echartsSource: '' });

    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('<i>odd</i>');
    expect(page).toContain('&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(page.match(/<\/script>/g)).toHaveLength(3);
  });
});

describe('findChromium', () => {
  it('says how to install Chromium when there is none', () => {
    expect(() => findChromium(['/nonexistent/chromium'])).toThrow(
      `Chromium was not found at /nonexistent/chromium; install it with \`${CHROMIUM_INSTALL}\``,
    );
  });
});

describe('the report page in headless Chromium', () => {
  // Started by the first test that needs it, so that a missing Chromium fails each test with
  // its install hint instead of marking them skipped, as a failed beforeAll would.
  let launched: Promise<Browser> | undefined;
  const browser = () => (launched ??= Browser.launch());
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scifact-report-html-'));
  });

  afterAll(async () => {
    await launched?.then(
      (started) => started.close(),
      () => undefined,
    );
    await rm(dir, { recursive: true, force: true });
  }, BROWSER_TIMEOUT_MS);

  it(
    'loads with no console errors and draws every chart',
    async () => {
      const report = buildReport(syntheticInput({ validation: true }));
      const path = join(dir, 'report.html');
      await writeFile(path, renderHtml(report));

      const page = await openHtml(await browser(), path);
      const charts = await probeCharts(page);

      expect(page.problems).toEqual([]);
      expect(charts.map((chart) => chart.id)).toEqual(buildCharts(report).map((c) => c.id));
      for (const chart of charts) {
        expect(chart, chart.id).toMatchObject({ drawn: true, hasInstance: true });
        expect(chart.width, chart.id).toBeGreaterThan(100);
        expect(chart.height, chart.id).toBeGreaterThan(100);
      }
      expect(await page.evaluate('document.documentElement.dataset.chartsReady')).toBe(
        String(charts.length),
      );
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    'catches console errors and uncaught exceptions, so a clean page means something',
    async () => {
      const path = join(dir, 'faulty.html');
      await writeFile(
        path,
        '<!doctype html><title>faulty</title><script>console.error("broken", 42);' +
          'throw new Error("boom");</script>',
      );

      const page = await openHtml(await browser(), path);

      expect(page.problems).toEqual([
        { kind: 'console', text: 'broken 42' },
        { kind: 'exception', text: expect.stringContaining('Error: boom') },
      ]);
    },
    BROWSER_TIMEOUT_MS,
  );
});
