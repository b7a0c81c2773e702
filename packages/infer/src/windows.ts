import { argmax } from './math.ts';

/** The model's view of one window: `sentenceProbs[k]` is sentence `sentenceIndices[k]`'s. */
export interface WindowProbabilities {
  sentenceIndices: readonly number[];
  labelProbs: [number, number, number];
  sentenceProbs: number[];
}

export interface AbstractProbabilities {
  labelProbs: [number, number, number];
  sentenceProbs: number[];
}

/**
 * Combines the windows of an abstract too long for one input into one record. The rule:
 * - a sentence's probability is the one from the window it appears in; where windows
 *   overlap, the highest of them, since the window with the most context for it is unknown;
 * - the label distribution is that of the window whose most probable sentence is highest
 *   (the first such window on a tie): that window is the one most likely to hold the
 *   rationale, and averaging would dilute its verdict with windows that saw none.
 * A sentence no window covers is an error, not a silent 0.
 */
export function combineWindows(
  windows: readonly WindowProbabilities[],
  sentenceCount: number,
): AbstractProbabilities {
  if (windows.length === 0) throw new Error('an abstract needs at least one window');
  if (windows.length === 1 && windows[0].sentenceProbs.length === sentenceCount) {
    return { labelProbs: windows[0].labelProbs, sentenceProbs: windows[0].sentenceProbs };
  }

  const sentenceProbs = new Array<number>(sentenceCount).fill(-1);
  for (const window of windows) {
    window.sentenceProbs.forEach((probability, k) => {
      const index = window.sentenceIndices[k];
      sentenceProbs[index] = Math.max(sentenceProbs[index], probability);
    });
  }
  const uncovered = sentenceProbs.findIndex((probability) => probability < 0);
  if (uncovered >= 0) {
    throw new Error(`sentence ${uncovered} of ${sentenceCount} is in no window`);
  }

  const peaks = windows.map((window) => Math.max(...window.sentenceProbs));
  return { labelProbs: windows[argmax(peaks)].labelProbs, sentenceProbs };
}
