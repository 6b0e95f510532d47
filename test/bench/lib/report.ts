/**
 * Turns bench results into the markdown tables of the Performance section (docs/performance.md), and
 * checks the targets.
 * @module
 */
import type { Timing } from "./lifecycle.ts";
import type { WarmRow } from "./warm.ts";
import type { UpstreamRow } from "../upstream_bench.ts";
import { sig } from "./stats.ts";

/** Everything one run measured. */
export interface BenchResults {
  date: string;
  machine: { cpus: number; loadavg_before: number[]; deno: string };
  settings: Record<string, unknown>;
  warm?: WarmRow[];
  ratios?: Record<string, number>;
  cold?: Record<string, Timing>;
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

/** The targets, checked against `r`. */
export function targets(r: BenchResults): { target: string; value: string; met: boolean }[] {
  const out: { target: string; value: string; met: boolean }[] = [];
  const q = r.ratios ?? {};
  const gw50 = r.warm?.find((w) => w.contender === "denofn" && w.concurrency === 50);
  if (gw50) {
    const vw = q["denofn/workerd rps c=50"], vb = q["denofn/deno-bare rps c=50"];
    out.push({ target: "warm rps ≥ 2× workerd (c=50)", value: `${sig(vw)}×`, met: vw >= 2 });
    out.push({
      target: "warm rps ≥ 0.25× bare Deno (c=50)",
      value: `${sig(vb)}×`,
      met: vb >= 0.25,
    });
    out.push({
      target: "warm p99 ≤ 5 ms (c=50)",
      value: `${sig(gw50.p99_ms)} ms`,
      met: gw50.p99_ms <= 5,
    });
  }
  const cold = r.cold?.["denofn /fn (fresh function)"];
  if (cold) {
    out.push({
      target: "cold start ≤ 25 ms median",
      value: `${sig(cold.median_ms)} ms`,
      met: cold.median_ms <= 25,
    });
  }
  const fn = r.memory?.["one warm idle function (RSS)"];
  if (fn !== undefined) {
    out.push({ target: "warm idle function ≤ 35 MB RSS", value: `${sig(fn)} MB`, met: fn <= 35 });
  }
  if (r.deploy) {
    const d = r.deploy.median_ms;
    out.push({ target: "saved file → new code ≤ 500 ms", value: `${sig(d)} ms`, met: d <= 500 });
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
    L.push("| what | median ms | p90 ms | min ms | n |", "|---|---:|---:|---:|---:|");
    for (const [k, t] of Object.entries(r.cold)) {
      L.push(`| ${k} | ${sig(t.median_ms)} | ${sig(t.p90_ms)} | ${sig(t.min_ms)} | ${t.n} |`);
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
