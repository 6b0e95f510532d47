/**
 * Measures container cold start: from `start()` (a request arriving at a cold function) to the
 * first byte of its answer, over several fresh containers.
 */
import type { FunctionRecord } from "../../manifest/record.ts";
import type { InstanceStarter } from "../../runtime/types.ts";

/** Cold-start figures in ms. */
export interface ColdStartStats {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median of the start alone (container ready), without the first request. */
  medianReadyMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Starts `runs` fresh instances one after another, times each to its first answered byte. */
export async function measureColdStart(
  starter: InstanceStarter,
  record: FunctionRecord,
  runs = 10,
  request: () => Request = () => new Request("http://fn/"),
): Promise<ColdStartStats> {
  const total: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const inst = await starter.start(record, `${record.name}-cold${i}`, {
      signal: AbortSignal.timeout(30_000),
      readyTimeoutMs: 20_000,
      logs: { write() {} },
    });
    const t1 = performance.now();
    try {
      const res = await inst.fetch(request());
      const reader = res.body?.getReader();
      await reader?.read();
      total.push(performance.now() - t0);
      ready.push(t1 - t0);
      await reader?.cancel();
    } finally {
      await inst.stop("bench");
    }
  }
  const r = (n: number) => Math.round(n);
  return {
    runs,
    medianMs: r(median(total)),
    minMs: r(Math.min(...total)),
    maxMs: r(Math.max(...total)),
    medianReadyMs: r(median(ready)),
  };
}
