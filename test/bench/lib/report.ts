/**
 * Turns bench results into the markdown tables of the Performance section (docs/performance.md), and
 * checks the targets.
 * @module
 */
import type { Timing } from "./lifecycle.ts";
import type { WarmRow } from "./warm.ts";
import type { UpstreamRow } from "../upstream_bench.ts";
import type { SpareResults } from "./spare.ts";
import type { ContainerResults } from "./containers.ts";
import type { ManyRow } from "./many.ts";
import { sig } from "./stats.ts";

/** Everything one run measured. */
export interface BenchResults {
  date: string;
  machine: { cpus: number; loadavg_before: number[]; deno: string };
  settings: Record<string, unknown>;
  warm?: WarmRow[];
  ratios?: Record<string, number>;
  cold?: Record<string, Timing>;
  spare?: SpareResults;
  containers?: ContainerResults;
  many?: ManyRow[];
  memory?: Record<string, number>;
  deploy?: Timing;
  upstream?: UpstreamRow[];
  targets?: { target: string; value: string; met: boolean }[];
}

/** Ratios of the gateway to workerd and bare Deno at c=50. */
export function ratios(warm: WarmRow[]): Record<string, number> {
  const at = (name: string, c: number) =>
    warm.find((r) => r.contender === name && r.concurrency === c)?.rps ?? NaN;
  return {
    "denofn/workerd rps c=50": at("denofn", 50) / at("workerd", 50),
    "denofn/deno-bare rps c=50": at("denofn", 50) / at("deno-bare", 50),
    "denofn/workerd rps c=1": at("denofn", 1) / at("workerd", 1),
  };
}

/** One target of the issue, checked. */
export interface TargetRow {
  target: string;
  value: string;
  met: boolean;
}

/** The targets (#17, "Speed"), checked against `r`; only those this run measured. */
export function targets(r: BenchResults): TargetRow[] {
  const out: TargetRow[] = [];
  const add = (target: string, value: number, unit: string, met: boolean) =>
    out.push({ target, value: `${sig(value)}${unit}`, met: Number.isFinite(value) && met });
  const gw50 = r.warm?.find((w) => w.contender === "denofn" && w.concurrency === 50);
  const wd50 = r.warm?.find((w) => w.contender === "workerd" && w.concurrency === 50);
  if (gw50 && wd50) {
    const v = gw50.rps / wd50.rps;
    add("warm rps ≥ 1.5× workerd (c=50)", v, "×", v >= 1.5);
    add("stretch: warm rps ≥ 2× workerd (c=50)", v, "×", v >= 2);
  }
  if (gw50) add("warm p99 ≤ 5 ms (c=50)", gw50.p99_ms, " ms", gw50.p99_ms <= 5);
  if (r.spare) {
    const v = r.spare.ratio_spare;
    add("first call after idle (spare) ≤ 0.1× bare deno run", v, "×", v <= 0.1);
  }
  const cold = r.cold?.["denofn /fn (fresh function)"], bare = r.cold?.["deno run"];
  if (cold && bare) {
    const v = cold.median_ms / bare.median_ms;
    add("cold call (fresh function) ≤ 1.0× bare deno run", v, "×", v <= 1);
  } else if (r.spare) {
    const v = r.spare.ratio_cold;
    add("cold call (after a stop) ≤ 1.0× bare deno run", v, "×", v <= 1);
  }
  for (const c of r.containers?.rows ?? []) {
    const ms = c.cold.median_ms;
    add(`${c.runtime} container cold ≤ 200 ms`, ms, " ms", ms <= 200);
    add(
      `${c.runtime} container warm ≤ 2× a warm Deno call (p50, c=1)`,
      c.warm_ratio,
      "×",
      c.warm_ratio <= 2,
    );
  }
  const many = r.many?.at(-1);
  if (many) {
    add(
      `${many.warm_functions} functions kept warm: hello p99 ≤ 10 ms (c=50)`,
      many.p99_ms,
      " ms",
      many.p99_ms <= 10,
    );
  }
  return out;
}

/** The markdown tables of `r`. */
export function markdown(r: BenchResults): string {
  const L: string[] = [];
  const m = r.machine;
  L.push(
    `Run ${r.date} on ${m.cpus} cores (load average before: ${
      m.loadavg_before.map((x) => x.toFixed(2)).join(", ")
    }), ${m.deno}.`,
    "",
  );
  if (r.warm) {
    L.push("### Warm hello world", "");
    L.push(
      "| contender | conc. | req/s | p50 ms | p99 ms | CPU µs/req | per process | errors |",
    );
    L.push("|---|---:|---:|---:|---:|---:|---|---:|");
    for (const w of r.warm) {
      const cpu = Object.entries(w.cpu_per_req).map(([k, v]) => `${k} ${sig(v * 1e6)}`).join(", ");
      const total = Object.values(w.cpu_per_req).reduce((a, v) => a + v, 0) * 1e6;
      L.push(
        `| ${w.contender} | ${w.concurrency} | ${sig(w.rps)} | ${sig(w.p50_ms)} | ${
          sig(w.p99_ms)
        } | ` +
          `${sig(total)} | ${cpu} | ${w.errors} |`,
      );
    }
    L.push("");
  }
  if (r.cold) {
    L.push("### Cold start (request → first byte)", "");
    const bare = r.cold["deno run"]?.median_ms ?? NaN;
    L.push(
      "| what | median ms | p90 ms | min ms | n | × deno run |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const [k, t] of Object.entries(r.cold)) {
      L.push(
        `| ${k} | ${sig(t.median_ms)} | ${sig(t.p90_ms)} | ${sig(t.min_ms)} | ${t.n} | ${
          sig(t.median_ms / bare)
        } |`,
      );
    }
    L.push("");
  }
  if (r.spare) {
    const s = r.spare, bare = s.deno_run.median_ms;
    L.push(
      `### First call after idle, with spares (DENOFN_SPARES_MB=${s.spares_mb}, idleTimeoutSec ${s.idle_timeout_sec})`,
      "",
      "| what | median ms | p90 ms | min ms | n | × deno run |",
      "|---|---:|---:|---:|---:|---:|",
    );
    const rows: [string, Timing][] = [
      ["first call after idle (request → first byte)", s.first_call_after_idle],
      ["the call after it (warm)", s.second_call],
      ["first call after a stop (admin restart: cold, no spare)", s.first_call_after_stop],
      ["deno run (spawn → first byte)", s.deno_run],
    ];
    for (const [k, t] of rows) {
      L.push(
        `| ${k} | ${sig(t.median_ms)} | ${sig(t.p90_ms)} | ${sig(t.min_ms)} | ${t.n} | ${
          sig(t.median_ms / bare)
        } |`,
      );
    }
    L.push(
      "",
      `${s.warm_hits} of ${s.first_call_after_idle.n} first calls after idle found an instance ready ` +
        `(Server-Timing \`queue\`, not \`cold\`); another instance was live ` +
        `${sig(s.spare_ready_after_idle.median_ms)} ms (median) after the idle timeout.`,
      "",
    );
  }
  if (r.containers) {
    const c = r.containers;
    L.push("### Containers (request → first byte; warm: closed-loop client, c=1)", "");
    if (c.skipped) L.push(`Skipped: ${c.skipped}.`, "");
    else {
      L.push(
        "| runtime | first call after deploy ms | cold median ms | cold p90 ms | of it start → ready ms | n | warm p50 ms | warm p99 ms | warm × Deno |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      );
      for (const x of c.rows ?? []) {
        L.push(
          `| ${x.runtime} | ${sig(x.first_call_after_deploy_ms)} | ${sig(x.cold.median_ms)} | ${
            sig(x.cold.p90_ms)
          } | ${sig(x.cold_start_phase.median_ms)} | ${x.cold.n} | ${sig(x.warm_p50_ms)} | ${
            sig(x.warm_p99_ms)
          } | ${sig(x.warm_ratio)} |`,
        );
      }
      L.push(
        `| deno (process, same gateway) | | | | | | ${sig(c.deno_warm_p50_ms ?? NaN)} | ${
          sig(c.deno_warm_p99_ms ?? NaN)
        } | 1 |`,
        "",
      );
    }
  }
  if (r.many) {
    L.push(
      "### Many functions kept warm (hello through the gateway, closed-loop client, c=50)",
      "",
    );
    L.push(
      "| state | function processes | req/s | p50 ms | p99 ms | errors |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const m of r.many) {
      L.push(
        `| ${m.state} | ${m.warm_functions} | ${sig(m.rps)} | ${sig(m.p50_ms)} | ${
          sig(m.p99_ms)
        } | ${m.errors} |`,
      );
    }
    L.push("");
  }
  if (r.memory) {
    L.push("### Memory (RSS)", "", "| what | MB |", "|---|---:|");
    for (const [k, v] of Object.entries(r.memory)) L.push(`| ${k} | ${sig(v)} |`);
    L.push("");
  }
  if (r.deploy) {
    L.push("### Deploy (write index.ts → first call with the new code)", "");
    L.push(
      `median ${sig(r.deploy.median_ms)} ms, p90 ${sig(r.deploy.p90_ms)} ms, n = ${r.deploy.n}`,
      "",
    );
  }
  if (r.upstream) {
    L.push("### Upstream client micro-bench (proxy → Unix socket hello, c=50)", "");
    L.push(
      "| client | req/s | p99 ms | proxy CPU µs/req | upstream CPU µs/req |",
      "|---|---:|---:|---:|---:|",
    );
    for (const u of r.upstream) {
      L.push(
        `| ${u.client} | ${sig(u.rps)} | ${sig(u.p99_ms)} | ${sig(u.proxy_cpu_us_per_req)} | ${
          sig(u.upstream_cpu_us_per_req)
        } |`,
      );
    }
    L.push("");
  }
  if (r.targets?.length) {
    L.push("### Targets", "", "| target | this run | met |", "|---|---:|:---:|");
    for (const t of r.targets) L.push(`| ${t.target} | ${t.value} | ${t.met ? "yes" : "no"} |`);
    L.push("");
  }
  return L.join("\n");
}
