export * from './types.ts';
export { mean, sampleStd, spreadOf } from './stats.ts';
export { pickBestRow, pickSeed, summarizeConfiguration } from './summarize.ts';
export { buildReport, TOP_COUNT } from './build.ts';
export { csvField, toCsv, toJson } from './csv.ts';
export { toMarkdown } from './markdown.ts';
export { renderHtml, type RenderOptions } from './html.ts';
export { REPORT_FILES, writeReport } from './write.ts';
