/**
 * Small statistics for the bench: median and quantiles of samples.
 * @module
 */

/** The `q` quantile (0..1) of `xs` by nearest rank; NaN when empty. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.round(q * (s.length - 1))];
}

/** The median of `xs`. */
export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** Rounds to `digits` significant digits for display. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}
