/** Index of the largest value; the first one wins a tie. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}

/** Probabilities from logits, shifted by the largest so no exponent overflows. */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const top = Math.max(...values);
  const exponents = values.map((value) => Math.exp(value - top));
  const total = exponents.reduce((sum, value) => sum + value, 0);
  return exponents.map((value) => value / total);
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
