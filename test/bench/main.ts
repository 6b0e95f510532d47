/**
 * `deno task bench`: measures denofn beside a bare Deno.serve and workerd in one run,
 * alternating the contenders, and prints markdown tables; the full results (medians, samples,
 * ratios) go to test/bench/results/<date>.json. Load only ever targets 127.0.0.1 and every
 * loop is bounded in time.
 *
 * Flags: `--quick` (1 round of 2 s), `--rounds=N`, `--seconds=N`, `--cold=N` (also the spare
 * section's rounds), `--container-cold=N`, `--deploys=N`, `--functions=N` (kept warm by `many`),
 * `--spares-mb=N`, `--only=warm,cold,spare,containers,many,memory,deploy,upstream,async`,
 * `--compare=<checkout>` (adds that checkout's gateway to the warm bench as `denofn@compare`, for
 * A/B tests of a change), `--readme` (writes the tables into test/bench/README.md between its
 * `bench:table` markers), `--node` (adds Node's functions-framework to the warm bench).
 * @module
 */
import { join } from "node:path";
import {
  BENCH_DIR,
  buildLatencyClient,
  ensureNodeFramework,
  ensureNpmDeps,
  findWrk,
} from "./lib/deps.ts";
import {
  type Running,
  startBare,
  startGateway,
  startNodeFramework,
  startWorkerd,
} from "./lib/contenders.ts";
import { benchCold, benchDeploy, warmAll } from "./lib/lifecycle.ts";
import { benchSpare } from "./lib/spare.ts";
import { benchContainers } from "./lib/containers.ts";
import { benchMany } from "./lib/many.ts";
import { type BenchResults, markdown, ratios, targets } from "./lib/report.ts";
import { descendants, memMb, rssMb } from "./lib/proc.ts";
import { benchWarm } from "./lib/warm.ts";
import { benchUpstream } from "./upstream_bench.ts";
import {
  type AsyncBenchResults,
  asyncMarkdown,
  benchAsync,
  benchAsyncOnNats,
} from "./async_bench.ts";

const SECTIONS = [
  "warm",
  "cold",
  "spare",
  "containers",
  "many",
  "memory",
  "deploy",
  "upstream",
  "async",
];
const flag = (n: string) => Deno.args.find((a) => a.startsWith(`--${n}`))?.split("=")[1];
const quick = Deno.args.includes("--quick");
const num = (n: string, full: number, q: number) => Number(flag(n) ?? (quick ? q : full));
const settings = {
  rounds: num("rounds", 3, 1),
  seconds: num("seconds", 5, 2),
  cold: num("cold", 12, 5),
  deploys: num("deploys", 10, 3),
  containerColds: num("container-cold", 5, 3),
  warmFunctions: num("functions", 100, 100),
  sparesMb: num("spares-mb", 1024, 1024),
  spareIdleSec: 1,
  only: (flag("only") ?? SECTIONS.join(",")).split(","),
};
const on = (s: string) => settings.only.includes(s);
const unknown = settings.only.filter((s) => !SECTIONS.includes(s));
if (unknown.length) {
  console.error(`Unknown --only section ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  Deno.exit(2);
}
const log = (s: string) => console.error(s);
const ROOT = join(BENCH_DIR, "..", "..");

const results: BenchResults = {
  date: new Date().toISOString(),
  machine: {
    cpus: navigator.hardwareConcurrency,
    loadavg_before: Deno.loadavg(),
    deno: `deno ${Deno.version.deno}`,
  },
  settings,
};
const { workerd } = await ensureNpmDeps(log);
const wrk = await findWrk(log);
const latencyBin = await buildLatencyClient(log);
const tmp = await Deno.makeTempDir({ prefix: "denofn-bench-" });
const running: Running[] = [];
const mainSections = ["warm", "cold", "many", "memory", "deploy"];
try {
  try {
    if (mainSections.some(on)) await benchMain();
  } finally {
    // Stopped before the sections that start gateways of their own.
    for (const r of running.splice(0).reverse()) await r.stop();
  }
  if (on("spare")) {
    log(
      `spare: first call after idle (DENOFN_SPARES_MB=${settings.sparesMb}, ` +
        `idleTimeoutSec ${settings.spareIdleSec}) and after a stop, beside a bare deno run`,
    );
    results.spare = await benchSpare({
      root: ROOT,
      dir: tmp,
      times: settings.cold,
      sparesMb: settings.sparesMb,
      idleTimeoutSec: settings.spareIdleSec,
      log,
    });
  }
  if (on("containers")) {
    log("containers: python and node cold and warm, beside a Deno function on the same gateway");
    results.containers = await benchContainers({
      root: ROOT,
      dir: tmp,
      latencyBin,
      colds: settings.containerColds,
      rounds: settings.rounds,
      seconds: settings.seconds,
      log,
    });
  }
} finally {
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
if (on("upstream")) {
  log("upstream micro-bench: proxy → Unix socket with each candidate client");
  results.upstream = await benchUpstream({
    wrk,
    latencyBin,
    rounds: settings.rounds,
    seconds: Math.min(settings.seconds, 4),
    log,
  });
}
let asyncResults: AsyncBenchResults | undefined;
let asyncOnNats: AsyncBenchResults | undefined;
if (on("async")) {
  log("async and store: enqueue rate, drain rate, enqueue → callback latency, store rates");
  asyncResults = await benchAsync(ROOT, log);
  log("async and store again, the gateway on NATS JetStream (DENOFN_NATS_URL)");
  asyncOnNats = await benchAsyncOnNats(ROOT, log);
  Object.assign(results, { async: asyncResults, asyncOnNats });
}
results.targets = targets(results);
const outDir = join(BENCH_DIR, "results");
await Deno.mkdir(outDir, { recursive: true });
const outFile = join(outDir, `${results.date.replaceAll(":", "-")}.json`);
await Deno.writeTextFile(outFile, JSON.stringify(results, null, 2));
await Deno.writeTextFile(join(outDir, "latest.json"), JSON.stringify(results, null, 2));
const tables = markdown(results) +
  (asyncResults ? `\n\n${asyncMarkdown(asyncResults, asyncOnNats)}\n` : "");
console.log(tables);
if (Deno.args.includes("--readme")) {
  const readme = join(BENCH_DIR, "README.md");
  const text = await Deno.readTextFile(readme);
  const [open, close] = ["<!-- bench:table -->", "<!-- /bench:table -->"];
  const start = text.indexOf(open), end = text.indexOf(close);
  if (start >= 0 && end > start) {
    const body = tables.replaceAll(/^### /gm, "#### ");
    await Deno.writeTextFile(
      readme,
      `${text.slice(0, start + open.length)}\n${body}\n${text.slice(end)}`,
    );
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", readme] }).output();
    log(`tables written into ${readme}`);
  }
}
log(`results written to ${outFile}`);

function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * The function a process runs, from its command line: its bundle is `registry/<name>.js`, or
 * `<sandbox>/<name>-<n>/bundle.js` (instance n's copy) when functions run as users of their own.
 */
function functionOf(cmd: string): string | undefined {
  const m = cmd.match(/\/([a-z0-9][a-z0-9_-]*)-\d+\/bundle\.js(?:\s|$)/) ??
    cmd.match(/\/([a-z0-9][a-z0-9_-]*)\.js(?:\s|$)/);
  return m?.[1];
}

/** Waits until the registry has a build record for each function. */
async function waitForBuilds(dir: string, names: string[]): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const have = new Set<string>();
    try {
      for await (const e of Deno.readDir(dir)) have.add(e.name);
    } catch { /* not created yet */ }
    if (names.every((n) => have.has(`${n}.json`))) return;
    if (Date.now() - t0 > 120_000) {
      throw new Error("Cannot bench: functions not built within 120 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The sections on the main gateway (one with Docker and spares off), beside a bare Deno.serve and
 * workerd: warm, cold, many, memory, deploy. Its processes go into `running`.
 */
async function benchMain(): Promise<void> {
  // Functions: hello (warm bench), deploy (rebuilt), f000… (cold starts, then kept warm).
  const registryIn = join(tmp, "registry_in");
  const count = Math.max(
    on("cold") ? settings.cold : 0,
    on("many") || on("memory") ? settings.warmFunctions : 0,
  );
  const fresh = Array.from({ length: count }, (_, i) => `f${String(i).padStart(3, "0")}`);
  for (const name of ["hello", "deploy", ...fresh]) {
    await Deno.mkdir(join(registryIn, name), { recursive: true });
    await Deno.writeTextFile(
      join(registryIn, name, "index.ts"),
      `export default () => "Hello, world!";\n`,
    );
  }
  // Kept warm for the rest of the run: no idle stop between warming and measuring.
  for (const name of fresh) {
    await Deno.writeTextFile(
      join(registryIn, name, "registry.json"),
      JSON.stringify({ idleTimeoutSec: 3600 }),
    );
  }
  log(`starting denofn (${fresh.length + 2} functions), bare Deno.serve and workerd`);
  const gateway = await startGateway(ROOT, registryIn);
  running.push(gateway);
  await waitForBuilds(gateway.registryDir, ["hello", "deploy", ...fresh]);
  await warmAll(gateway.port, ["hello"]);
  await new Promise((r) => setTimeout(r, 1000));
  const fnPid = () => gateway.pids().fn;
  running.push(await startBare(), await startWorkerd(workerd, tmp));
  const [bare, wd] = [running[1], running[2]];
  await warmAll(bare.port, [], "/");
  await warmAll(wd.port, [], "/");
  await new Promise((r) => setTimeout(r, 500));
  const fnMem = memMb(fnPid()), bareMem = memMb(bare.pids().deno);
  results.memory = {
    "denofn gateway idle (RSS)": rssMb(gateway.pid),
    "one warm idle function (RSS)": fnMem.rss,
    "one warm idle function (private anon)": fnMem.anon,
    "one warm idle function (PSS)": fnMem.pss,
    "bare Deno.serve hello idle (RSS)": bareMem.rss,
    "bare Deno.serve hello idle (private anon)": bareMem.anon,
    "workerd idle (RSS)": rssMb(wd.pids().workerd),
  };
  if (on("warm")) {
    log("warm: throughput (wrk) and latency (closed-loop client)");
    if (Deno.args.includes("--node")) {
      running.push(await startNodeFramework(await ensureNodeFramework(log)));
    }
    const compare = flag("compare");
    if (compare) running.push(await startGateway(compare, registryIn, "denofn@compare"));
    if (compare) await warmAll(running.at(-1)!.port, ["hello"]);
    results.warm = await benchWarm([bare, gateway, ...running.slice(3), wd], {
      wrk,
      latencyBin,
      concurrencies: [1, 50],
      rounds: settings.rounds,
      seconds: settings.seconds,
      log,
    });
    results.ratios = { ...results.ratios, ...ratios(results.warm) };
    results.memory["denofn gateway after the warm bench"] = rssMb(gateway.pid);
    results.memory["hello function after the warm bench"] = rssMb(fnPid());
    results.memory["workerd after the warm bench"] = rssMb(wd.pids().workerd);
  }
  if (on("cold")) {
    log("cold start: fresh function through denofn, deno run, workerd");
    results.cold = await benchCold({
      gatewayPort: gateway.port,
      freshFunctions: fresh.slice(0, settings.cold),
      workerd,
      dir: tmp,
      log,
    });
    results.ratios = {
      ...results.ratios,
      "denofn cold / deno run (medians)": results.cold["denofn /fn (fresh function)"].median_ms /
        results.cold["deno run"].median_ms,
    };
  }
  const freshSet = new Set(fresh);
  const functionPids = () =>
    descendants(gateway.pid).filter((p) => freshSet.has(functionOf(cmdline(p)) ?? ""));
  if (on("many")) {
    log(`many: hello at c=50 before and with ${fresh.length} functions kept warm`);
    results.many = await benchMany({
      port: gateway.port,
      names: fresh,
      latencyBin,
      rounds: settings.rounds,
      seconds: settings.seconds,
      functionCount: () => functionPids().length,
      log,
    });
  }
  if (on("memory")) {
    log(`memory: warming ${fresh.length} functions`);
    await warmAll(gateway.port, fresh);
    await new Promise((r) => setTimeout(r, 1000));
    const mems = functionPids().map(memMb);
    const n = mems.length;
    const sum = (k: "rss" | "anon" | "pss") => mems.reduce((a, m) => a + m[k], 0);
    results.memory[`denofn gateway with ${n} warm functions (RSS)`] = rssMb(gateway.pid);
    results.memory[`${n} warm functions, total RSS`] = sum("rss");
    results.memory[`${n} warm functions, total PSS`] = sum("pss");
    results.memory[`${n} warm functions, mean private anon each`] = sum("anon") / n;
  }
  if (on("deploy")) {
    log("deploy: rewrite index.ts, poll until the new text is served");
    await warmAll(gateway.port, ["deploy"]);
    results.deploy = await benchDeploy({
      port: gateway.port,
      registryIn,
      name: "deploy",
      times: settings.deploys,
      log,
    });
  }
}
