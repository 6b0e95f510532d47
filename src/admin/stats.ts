/**
 * Per-minute call figures of each function and of the whole platform, computed from the kept
 * invocation history: calls, errors (status >= 500, as the counters count them), cold starts and
 * the p50/p99 latency of each minute, plus a summary of the most recent minutes.
 */
import type { InvocationRecord } from "../observe/types.ts";

/** Figures of the last `recentMinutes`. */
export interface StatsSummary {
  calls: number;
  callsPerMin: number;
  errors: number;
  /** Errors / calls, 0..1 (0 without calls). */
  errorRate: number;
  coldStarts: number;
  /** Latency percentiles in ms (null without calls). */
  p50: number | null;
  p99: number | null;
}

/** One series per figure, one value per minute, oldest first. */
export interface StatsSeries {
  calls: number[];
  errors: number[];
  cold: number[];
  p50: (number | null)[];
  p99: (number | null)[];
  summary: StatsSummary;
}

/** What {@link computeStats} answers. */
export interface Stats {
  /** Epoch ms of the first minute's start; minute `i` starts at `from + i * stepMs`. */
  from: number;
  stepMs: number;
  recentMinutes: number;
  /** Oldest call the history still holds (figures before it are unknown, not zero). */
  oldestKept: number | null;
  platform: StatsSeries;
  functions: Record<string, StatsSeries>;
}

const STEP = 60_000;

/** The `q` quantile (0..1) of ascending `sorted` values, nearest rank. */
export function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

class Accumulator {
  calls: number[];
  errors: number[];
  cold: number[];
  durations: number[][];
  constructor(readonly minutes: number) {
    this.calls = new Array(minutes).fill(0);
    this.errors = new Array(minutes).fill(0);
    this.cold = new Array(minutes).fill(0);
    this.durations = Array.from({ length: minutes }, () => []);
  }
  add(i: number, r: InvocationRecord): void {
    this.calls[i]++;
    if (r.status >= 500) this.errors[i]++;
    if (r.cold) this.cold[i]++;
    this.durations[i].push(r.durationMs);
  }
  series(recent: number): StatsSeries {
    const sorted = this.durations.map((d) => d.sort((a, b) => a - b));
    const from = this.minutes - recent;
    const sum = (xs: number[]) => xs.slice(from).reduce((a, b) => a + b, 0);
    const calls = sum(this.calls);
    const errors = sum(this.errors);
    const last = sorted.slice(from).flat().sort((a, b) => a - b);
    const round = (v: number | null) => v === null ? null : Math.round(v * 10) / 10;
    return {
      calls: this.calls,
      errors: this.errors,
      cold: this.cold,
      p50: sorted.map((d) => round(quantile(d, 0.5))),
      p99: sorted.map((d) => round(quantile(d, 0.99))),
      summary: {
        calls,
        callsPerMin: Math.round((calls / recent) * 10) / 10,
        errors,
        errorRate: calls ? errors / calls : 0,
        coldStarts: sum(this.cold),
        p50: round(quantile(last, 0.5)),
        p99: round(quantile(last, 0.99)),
      },
    };
  }
}

/**
 * Buckets `records` (any order) into the `minutes` whole minutes up to `now` (the current,
 * partial minute last); the summary covers the last `recentMinutes` of them.
 */
export function computeStats(
  records: Iterable<InvocationRecord>,
  options: { now: number; minutes: number; recentMinutes: number; function?: string },
): Stats {
  const { now, minutes } = options;
  const recent = Math.min(options.recentMinutes, minutes);
  const from = Math.floor(now / STEP) * STEP - (minutes - 1) * STEP;
  const platform = new Accumulator(minutes);
  const byFn = new Map<string, Accumulator>();
  let oldestKept: number | null = null;
  for (const r of records) {
    if (oldestKept === null || r.startedAt < oldestKept) oldestKept = r.startedAt;
    if (options.function && r.fn !== options.function) continue;
    const i = Math.floor((r.startedAt - from) / STEP);
    if (i < 0 || i >= minutes) continue;
    platform.add(i, r);
    let acc = byFn.get(r.fn);
    if (!acc) byFn.set(r.fn, acc = new Accumulator(minutes));
    acc.add(i, r);
  }
  const functions: Record<string, StatsSeries> = {};
  for (const [fn, acc] of [...byFn].sort(([a], [b]) => a.localeCompare(b))) {
    functions[fn] = acc.series(recent);
  }
  return {
    from,
    stepMs: STEP,
    recentMinutes: recent,
    oldestKept,
    platform: platform.series(recent),
    functions,
  };
}
