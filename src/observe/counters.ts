import type { InvocationObserver } from "./types.ts";

/** Per-function totals since start. */
export interface CallCounters {
  invocations: number;
  /** Calls answered with a status >= 500. */
  errors: number;
  coldStarts: number;
  /** Epoch ms of the last call. */
  lastInvokedAt?: number;
}

/** An observer that keeps per-function call counters (for the admin API's status views). */
export interface FunctionCounters extends InvocationObserver {
  get(fn: string): CallCounters;
  forget(fn: string): void;
}

/** Creates empty per-function counters. */
export function createFunctionCounters(): FunctionCounters {
  const byFn = new Map<string, CallCounters>();
  return {
    onInvocation(r) {
      let c = byFn.get(r.fn);
      if (!c) byFn.set(r.fn, c = { invocations: 0, errors: 0, coldStarts: 0 });
      c.invocations++;
      if (r.status >= 500) c.errors++;
      if (r.cold) c.coldStarts++;
      c.lastInvokedAt = r.startedAt;
    },
    get(fn) {
      return { ...(byFn.get(fn) ?? { invocations: 0, errors: 0, coldStarts: 0 }) };
    },
    forget(fn) {
      byFn.delete(fn);
    },
  };
}
