import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './fixtures/workspace.ts';
import { formatMetricsTable } from './table.ts';

describe('formatMetricsTable', () => {
  it('shows each official metric with its counts, then the notebook metric', () => {
    const file = join(FIXTURES_DIR, 'golden', 'worked-example', 'expected.json');
    const metrics = JSON.parse(readFileSync(file, 'utf8'));

    expect(formatMetricsTable(metrics)).toBe(
      [
        'metric                   precision  recall      f1  correct  retrieved  relevant',
        'abstract_label_only         0.5000  0.5000  0.5000        1          2         2',
        'abstract_rationalized       0.5000  0.5000  0.5000        1          2         2',
        'sentence_selection          0.2000  0.2500  0.2222        1          5         4',
        'sentence_label              0.2000  0.2500  0.2222        1          5         4',
        'notebook                    0.3333  0.5000  0.4000',
        'notebook abstract_f1                        0.5000',
        'notebook label_accuracy                     0.5000',
        '',
      ].join('\n'),
    );
  });
});
