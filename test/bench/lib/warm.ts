/**
 * Warm throughput and latency: every contender stays up; rounds alternate between them
 * (A B C A B C ...) so machine noise hits all alike. Each turn runs wrk (throughput, CPU per
 * request of each process) then the closed-loop latency client.
 * @module
 */
import type { Running } from "./contenders.ts";
import { type LatencyResult, littleCheck, runLatency, runWrk, type WrkResult } from "./load.ts";
import { cpuSeconds } from "./proc.ts";
import { median } from "./stats.ts";

/** Settings of the warm bench. */
export interface WarmOptions {
  wrk: string;
  latencyBin: string;
  concurrencies: number[];
  rounds: number;
  seconds: number;
  log: (s: string) => void;
}

/** One contender at one concurrency, medians over the rounds. */
export interface WarmRow {
  contender: string;
  concurrency: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** CPU seconds per request of each process, e.g. `{ gateway: 2.1e-5, fn: 1e-5 }`. */
  cpu_per_req: Record<string, number>;
  /** Little's-law check of the latency client (1.0 = consistent). */
  latency_check: number;
  errors: number;
  samples: { wrk: WrkResult[]; latency: LatencyResult[] };
}

/** Runs the warm bench over `contenders`. */
export async function benchWarm(contenders: Running[], o: WarmOptions): Promise<WarmRow[]> {
  for (const c of contenders) await runWrk(o.wrk, c.port, c.path, 50, 1); // warm-up
  const rows = new Map<string, WarmRow & { cpu: Record<string, number[]> }>();
  for (let round = 1; round <= o.rounds; round++) {
    for (const conc of o.concurrencies) {
      for (const c of contenders) {
        const key = `${c.name}@${conc}`;
        const row = rows.get(key) ?? {
          contender: c.name,
          concurrency: conc,
          rps: 0,
          p50_ms: 0,
          p99_ms: 0,
          cpu_per_req: {},
          latency_check: 0,
          errors: 0,
          samples: { wrk: [], latency: [] },
          cpu: {},
        };
        rows.set(key, row);
        const pids = c.pids();
        const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
        const w = await runWrk(o.wrk, c.port, c.path, conc, o.seconds);
        for (const [k, p] of Object.entries(pids)) {
          (row.cpu[k] ??= []).push((cpuSeconds(p) - before[k]) / w.requests);
        }
        const l = await runLatency(o.latencyBin, c.port, c.path, conc, o.seconds * 600);
        row.samples.wrk.push(w);
        row.samples.latency.push(l);
        o.log(
          `  round ${round} c=${conc} ${c.name}: ${Math.round(w.rps)} rps, ` +
            `p50 ${(l.p50_us / 1000).toFixed(2)} ms, p99 ${(l.p99_us / 1000).toFixed(2)} ms`,
        );
      }
    }
  }
  return [...rows.values()].map(({ cpu, ...row }) => ({
    ...row,
    rps: median(row.samples.wrk.map((w) => w.rps)),
    p50_ms: median(row.samples.latency.map((l) => l.p50_us)) / 1000,
    p99_ms: median(row.samples.latency.map((l) => l.p99_us)) / 1000,
    cpu_per_req: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)])),
    latency_check: median(row.samples.latency.map((l) => littleCheck(l, row.concurrency))),
    errors: row.samples.wrk.reduce((a, w) => a + w.errors, 0) +
      row.samples.latency.reduce((a, l) => a + l.errors, 0),
  }));
}
