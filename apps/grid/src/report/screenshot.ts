import { isMainModule, runCli, secondsSince, writeFileAtomic } from '@scifact/data';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { Browser, type Page, type PageProblem } from './browser.ts';

/** True once the page has loaded and, if it is a report, has drawn its charts. */
const READY = `document.readyState === 'complete' &&
  (!document.getElementById('chart-specs') ||
    document.documentElement.hasAttribute('data-charts-ready'))`;

/** What the page shows of each chart container, read inside the page. */
export interface ChartProbe {
  id: string;
  drawn: boolean;
  hasInstance: boolean;
  width: number;
  height: number;
}

const PROBE_CHARTS = `Array.from(document.querySelectorAll('.chart')).map((element) => ({
  id: element.id,
  drawn: element.querySelector('canvas, svg') !== null,
  hasInstance: Boolean(window.echarts && window.echarts.getInstanceByDom(element)),
  width: element.clientWidth,
  height: element.clientHeight,
}))`;

/** Opens an HTML file in a new tab and waits until it is ready to look at. */
export async function openHtml(browser: Browser, htmlPath: string, width = 1600): Promise<Page> {
  const page = await browser.newPage(width);
  await page.goto(pathToFileURL(resolve(htmlPath)).href);
  await page.waitFor(READY);
  return page;
}

/** Every chart container of a report page and whether echarts drew into it. */
export function probeCharts(page: Page): Promise<ChartProbe[]> {
  return page.evaluate<ChartProbe[]>(PROBE_CHARTS);
}

/**
 * Renders an HTML file in headless Chromium and writes a full-page PNG, for reviewing a report
 * without a browser at hand. Returns what the page reported as errors, which a clean report
 * has none of.
 *
 * @example await screenshotHtml('artifacts/grid/focused/report.html', '/tmp/report.png');
 */
export async function screenshotHtml(
  htmlPath: string,
  pngPath: string,
  width = 1600,
): Promise<PageProblem[]> {
  const browser = await Browser.launch();
  try {
    const page = await openHtml(browser, htmlPath, width);
    await writeFileAtomic(pngPath, await page.screenshot());
    return [...page.problems];
  } finally {
    await browser.close();
  }
}

export async function run(argv: string[]): Promise<void> {
  await runCli(async (args) => {
    const options = await yargs(args)
      .scriptName('screenshot')
      .usage('$0 <html> <png>: a full-page PNG of an HTML report, taken in headless Chromium')
      .command('$0 <html> <png>', false)
      .positional('html', { type: 'string', demandOption: true, describe: 'the page to open' })
      .positional('png', { type: 'string', demandOption: true, describe: 'where to write' })
      .option('width', { type: 'number', default: 1600, describe: 'viewport width in pixels' })
      .strict()
      .help()
      .parse();

    const started = performance.now();
    const problems = await screenshotHtml(options.html!, options.png!, options.width);
    for (const problem of problems) {
      process.stderr.write(`page ${problem.kind}: ${problem.text}\n`);
    }
    process.stderr.write(
      `screenshot: ${options.png} written, ${problems.length} page errors, ` +
        `${secondsSince(started)}\n`,
    );
    if (problems.length > 0) process.exitCode = 1;
  }, argv);
}

if (isMainModule(import.meta.url)) await run(process.argv.slice(2));
