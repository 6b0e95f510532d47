/**
 * Micro-bench of the gateway's upstream hop: a one-route proxy (Deno.serve on TCP) forwards to a
 * hello world on a Unix socket with each candidate client; wrk drives it at c=50 and the CPU the
 * proxy spends per request is read from /proc. Rounds alternate the candidates.
 * Alone: `deno run -A test/bench/upstream_bench.ts [--rounds=3] [--seconds=4]`.
 * @module
 */
import { join } from "node:path";
import { BENCH_DIR, buildLatencyClient, ensureNpmDeps, findWrk } from "./lib/deps.ts";
import { runLatency, runWrk } from "./lib/load.ts";
import { cpuSeconds, type Proc, startProc } from "./lib/proc.ts";
import { median } from "./lib/stats.ts";

/** One candidate client, medians over the rounds. */
export interface UpstreamRow {
  client: string;
  rps: number;
  p99_ms: number;
  proxy_cpu_us_per_req: number;
  upstream_cpu_us_per_req: number;
}

/** Candidate names, as in test/bench/upstream/clients.ts. */
export const UPSTREAM_CLIENTS = [
  "fetch",
  "fetch_tuned",
  "node_http",
  "undici",
  "http1",
  "http1+wrap",
  "http1+hono",
  "http1+gw",
  "http1+gwfast",
  "toy",
];

/** Runs the micro-bench. */
export async function benchUpstream(o: {
  wrk: string;
  latencyBin: string;
  rounds: number;
  seconds: number;
  log: (s: string) => void;
}): Promise<UpstreamRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "denofn-upstream-" });
  const sock = join(dir, "hello.sock");
  const procs: Proc[] = [];
  try {
    const up = await startProc(Deno.execPath(), [
      "run",
      "-A",
      join(BENCH_DIR, "upstream", "hello_unix.ts"),
      sock,
    ], { ready: /ready/ });
    procs.push(up);
    const proxies: { name: string; proc: Proc; port: number }[] = [];
    for (const name of UPSTREAM_CLIENTS) {
      const proc = await startProc(Deno.execPath(), [
        "run",
        "-A",
        "--unstable-no-legacy-abort",
        join(BENCH_DIR, "upstream", "proxy.ts"),
        name,
        sock,
      ], { ready: /port (\d+)/ });
      procs.push(proc);
      proxies.push({ name, proc, port: Number(proc.match[1]) });
      await runWrk(o.wrk, Number(proc.match[1]), "/", 50, 1); // warm-up
    }
    const acc = new Map<string, { rps: number[]; p99: number[]; cpu: number[]; ucpu: number[] }>();
    for (let round = 1; round <= o.rounds; round++) {
      for (const p of proxies) {
        const a = acc.get(p.name) ?? { rps: [], p99: [], cpu: [], ucpu: [] };
        acc.set(p.name, a);
        const c0 = cpuSeconds(p.proc.pid), u0 = cpuSeconds(up.pid);
        const w = await runWrk(o.wrk, p.port, "/", 50, o.seconds);
        a.rps.push(w.rps);
        a.cpu.push((cpuSeconds(p.proc.pid) - c0) / w.requests * 1e6);
        a.ucpu.push((cpuSeconds(up.pid) - u0) / w.requests * 1e6);
        const l = await runLatency(o.latencyBin, p.port, "/", 50, o.seconds * 500);
        a.p99.push(l.p99_us / 1000);
        o.log(
          `  round ${round} ${p.name}: ${Math.round(w.rps)} rps, proxy ` +
            `${a.cpu.at(-1)!.toFixed(1)} µs CPU/req, p99 ${a.p99.at(-1)!.toFixed(2)} ms`,
        );
      }
    }
    return [...acc].map(([client, a]) => ({
      client,
      rps: median(a.rps),
      p99_ms: median(a.p99),
      proxy_cpu_us_per_req: median(a.cpu),
      upstream_cpu_us_per_req: median(a.ucpu),
    }));
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const arg = (n: string, d: number) =>
    Number(Deno.args.find((a) => a.startsWith(`--${n}=`))?.split("=")[1] ?? d);
  const log = (s: string) => console.error(s);
  await ensureNpmDeps(log);
  const rows = await benchUpstream({
    wrk: await findWrk(log),
    latencyBin: await buildLatencyClient(log),
    rounds: arg("rounds", 3),
    seconds: arg("seconds", 4),
    log,
  });
  console.log("| client | rps (c=50) | p99 ms | proxy CPU µs/req | upstream CPU µs/req |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.client} | ${Math.round(r.rps)} | ${r.p99_ms.toFixed(2)} | ` +
        `${r.proxy_cpu_us_per_req.toFixed(1)} | ${r.upstream_cpu_us_per_req.toFixed(1)} |`,
    );
  }
}
