import { describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import { csvField, toCsv, toJson } from './csv.ts';
import { configurationOf } from './fixtures/metrics.ts';
import { syntheticInput } from './fixtures/synthetic.ts';
import { toMarkdown } from './markdown.ts';

/** A strict RFC 4180 reader, to check that what toCsv writes reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

describe('csvField', () => {
  it('leaves plain fields alone', () => {
    expect(csvField('random')).toBe('random');
    expect(csvField(0.3)).toBe('0.3');
    expect(csvField(0.1 + 0.2)).toBe('0.3');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
  });
});

describe('toCsv', () => {
  it('writes a header and one line per configuration, best first', () => {
    const report = buildReport(syntheticInput());
    const rows = parseCsv(toCsv(report));

    expect(rows).toHaveLength(1 + report.rows.length);
    expect(rows[0].slice(0, 4)).toEqual(['rank', 'id', 'negatives', 'rule']);
    expect(rows[0]).toContain('sentence_label_f1_std');
    expect(rows.slice(1).map((row) => row[1])).toEqual(report.rows.map((row) => row.id));
    expect(rows.every((row) => row.length === rows[0].length)).toBe(true);

    const f1 = rows[1][rows[0].indexOf('sentence_label_f1')];
    expect(Number(f1)).toBeCloseTo(report.rows[0].selected.mean, 6);
  });

  it('reads back awkward ids and factor values unchanged', () => {
    const awkward = 'lexical, "cited" only\nsecond line';
    const report = buildReport({
      grid: 'g',
      encoder: 'e',
      split: 'dev',
      candidates: 'oracle',
      dataChecksum: 'x',
      selectBy: 'sentence_label',
      configurations: [
        configurationOf('a,1', { negatives: awkward }, [0.2]),
        configurationOf('b"2', { negatives: 'random' }, [0.1]),
      ],
    });
    const rows = parseCsv(toCsv(report));

    expect(rows.map((row) => row.slice(1, 3))).toEqual([
      ['id', 'negatives'],
      ['a,1', awkward],
      ['b"2', 'random'],
    ]);
  });

  it('adds validation columns only when there are validation picks', () => {
    const plain = toCsv(buildReport(syntheticInput())).split('\n')[0];
    const validated = toCsv(buildReport(syntheticInput({ validation: true }))).split('\n')[0];
    expect(plain).not.toContain('validation');
    expect(validated).toContain('validation_sentence_label_f1');
  });
});

describe('toJson', () => {
  it('round-trips the report', () => {
    const report = buildReport(syntheticInput());
    expect(JSON.parse(toJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('toMarkdown', () => {
  it('tabulates the top rows with F1 × 100 and escapes pipes', () => {
    const report = buildReport(syntheticInput());
    report.rows[0].id = 'a|b';
    const lines = toMarkdown(report).split('\n');
    const table = lines.filter((line) => line.startsWith('|'));

    // The top rows, then the references with this grid's picks among them.
    expect(table).toHaveLength(2 + report.rows.length + 2 + report.references.length);
    expect(table[2]).toContain('| a\\|b |');
    expect(table[2]).toMatch(/\| \d+\.\d ± \d+\.\d \|/);
    expect(table.at(-report.references.length)).toContain(report.references[0].system);
  });
});
