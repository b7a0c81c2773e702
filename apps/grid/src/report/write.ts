import { writeFileAtomic } from '@scifact/data';
import { join } from 'node:path';
import { toCsv, toJson } from './csv.ts';
import { renderHtml, type RenderOptions } from './html.ts';
import { toMarkdown } from './markdown.ts';
import type { Report } from './types.ts';

export const REPORT_FILES = ['report.json', 'report.csv', 'report.html', 'report.md'] as const;

/**
 * Writes report.json, report.csv, report.html and report.md into `dir`, each atomically, and
 * returns their paths. Every file is rendered before the first is written, so a rendering
 * failure leaves `dir` as it was.
 */
export async function writeReport(
  dir: string,
  report: Report,
  options: RenderOptions = {},
): Promise<string[]> {
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': toJson(report),
    'report.csv': toCsv(report),
    'report.html': renderHtml(report, options),
    'report.md': toMarkdown(report),
  };

  const paths = REPORT_FILES.map((name) => join(dir, name));
  await Promise.all(
    REPORT_FILES.map((name, index) => writeFileAtomic(paths[index], contents[name])),
  );
  return paths;
}
