/**
 * Many functions kept warm: the gateway's hello latency at c=50 (closed-loop client) with only a
 * few functions warm, then again once `names` (100 hello functions with a long `idleTimeoutSec`)
 * have each been called and stay warm.
 * @module
 */
import { warmAll } from "./lifecycle.ts";
import { littleCheck, runLatency } from "./load.ts";
import { median } from "./stats.ts";

/** Latency of hello at one state of the gateway, medians over the rounds. */
export interface ManyRow {
  state: string;
  /** Function processes under the gateway when measured. */
  warm_functions: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  latency_check: number;
  errors: number;
}

/** Runs the section on the gateway at `port`; `functionCount` counts its function processes. */
export async function benchMany(o: {
  port: number;
  names: string[];
  latencyBin: string;
  rounds: number;
  seconds: number;
  functionCount: () => number;
  log: (s: string) => void;
}): Promise<ManyRow[]> {
  const measure = async (state: string): Promise<ManyRow> => {
    const runs = [];
    for (let round = 1; round <= o.rounds; round++) {
      const l = await runLatency(o.latencyBin, o.port, "/fn/hello", 50, o.seconds * 1000);
      runs.push(l);
      o.log(
        `  ${state}, round ${round}: ${Math.round(l.rps)} rps, p50 ${
          (l.p50_us / 1000).toFixed(2)
        } ms, p99 ${(l.p99_us / 1000).toFixed(2)} ms`,
      );
    }
    return {
      state,
      warm_functions: o.functionCount(),
      rps: median(runs.map((l) => l.rps)),
      p50_ms: median(runs.map((l) => l.p50_us)) / 1000,
      p99_ms: median(runs.map((l) => l.p99_us)) / 1000,
      latency_check: median(runs.map((l) => littleCheck(l, 50))),
      errors: runs.reduce((a, l) => a + l.errors, 0),
    };
  };
  await runLatency(o.latencyBin, o.port, "/fn/hello", 50, 1000); // warm-up of the hot path
  const before = await measure("before warming");
  o.log(`  warming ${o.names.length} functions`);
  const t0 = performance.now();
  await warmAll(o.port, o.names);
  o.log(`  warmed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await new Promise((r) => setTimeout(r, 1000));
  const after = await measure(`${o.names.length} warm`);
  return [before, after];
}
