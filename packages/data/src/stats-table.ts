import type { EvidenceStats, ReleaseStats, Spread } from './stats.ts';

type Row = [label: string, ...cells: string[]];

/** Left-aligns the first column and right-aligns the rest. */
function renderRows(rows: Row[]): string {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column] + 2),
        )
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function renderSplits(stats: ReleaseStats): string {
  const { splits } = stats;
  const cells = (pick: (evidence: EvidenceStats) => number) =>
    splits.map((split) => (split.evidence ? formatNumber(pick(split.evidence)) : '-'));

  const sizes = new Set<string>();
  for (const split of splits) {
    Object.keys(split.evidence?.rationaleSize.histogram ?? {}).forEach((size) => sizes.add(size));
  }
  const sizeRows = [...sizes]
    .sort((a, b) => Number(a) - Number(b))
    .map((size): Row => [
      `  ${size} sentence(s)`,
      ...cells((evidence) => evidence.rationaleSize.histogram[size] ?? 0),
    ]);

  const rows: Row[] = [
    ['', ...splits.map((split) => split.split)],
    ['claims', ...splits.map((split) => String(split.claims))],
    ['  with SUPPORT evidence', ...cells((e) => e.claimsWith.SUPPORT)],
    ['  with CONTRADICT evidence', ...cells((e) => e.claimsWith.CONTRADICT)],
    ['  without evidence', ...cells((e) => e.claimsWithoutEvidence)],
    ['cited abstracts', ...cells((e) => e.citedAbstracts)],
    ['evidence abstracts, SUPPORT', ...cells((e) => e.evidenceAbstracts.SUPPORT)],
    ['evidence abstracts, CONTRADICT', ...cells((e) => e.evidenceAbstracts.CONTRADICT)],
    ['rationale sets', ...cells((e) => e.rationaleSets)],
    ['rationale sentences', ...cells((e) => e.rationaleSentences)],
    ['sentences per rationale set, mean', ...cells((e) => e.rationaleSize.mean)],
    ['sentences per rationale set, max', ...cells((e) => e.rationaleSize.max)],
    ['rationale sets of', ...splits.map(() => '')],
    ...sizeRows,
  ];
  return renderRows(rows);
}

function renderCorpus(stats: ReleaseStats): string {
  const { corpus } = stats;
  const spreadRow = (label: string, spread: Spread): Row => [
    label,
    ...[spread.mean, spread.median, spread.p95, spread.max].map(formatNumber),
  ];

  const title = `${corpus.abstracts} abstracts, ${corpus.structured} structured`;
  const rows: Row[] = [
    [`corpus: ${title}`, 'mean', 'median', 'p95', 'max'],
    spreadRow('sentences per abstract', corpus.sentencesPerAbstract),
    spreadRow('whitespace tokens per abstract', corpus.tokensPerAbstract),
    spreadRow('characters per abstract', corpus.charactersPerAbstract),
    spreadRow('whitespace tokens per sentence', corpus.tokensPerSentence),
  ];
  return renderRows(rows);
}

/** The stats as two plain-text tables (splits, then corpus), for a terminal. */
export function formatStatsTable(stats: ReleaseStats): string {
  return `${renderSplits(stats)}\n\n${renderCorpus(stats)}\n`;
}
