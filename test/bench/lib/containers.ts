/**
 * Container functions cold and warm, per runtime (python, node), beside a Deno function on the
 * same gateway: a gateway of its own with Docker on (its own owner label and network, removed at
 * the end), the shipped `py-hello` and `node-hello` examples and a Deno hello. Everything is
 * measured through HTTP: a cold call is the first call after the admin API's restart stopped the
 * instance (and its container is gone); warm latency comes from the closed-loop client at c=1,
 * rounds alternating between the runtimes.
 * @module
 */
import { join } from "node:path";
import {
  docker,
  dockerStatus,
  ensureBaseImages,
  removeFunctionImages,
  removeLeftoverContainers,
  removeNetwork,
  runDocker,
} from "../../../src/docker/mod.ts";
import { Admin, benchToken } from "./admin.ts";
import { startGateway, timeToFirstByte } from "./contenders.ts";
import { phase, type Timing, timing } from "./lifecycle.ts";
import { runLatency } from "./load.ts";
import { median } from "./stats.ts";

/** One runtime's figures. */
export interface ContainerRow {
  runtime: string;
  function: string;
  /** The first call after the build (deploy), request → first byte. */
  first_call_after_deploy_ms: number;
  /** First call after a stop, request → first byte. */
  cold: Timing;
  /** Of it, the gateway's Server-Timing `cold` phase (start → ready). */
  cold_start_phase: Timing;
  /** Closed-loop client at c=1: medians over the rounds. */
  warm_p50_ms: number;
  warm_p99_ms: number;
  warm_rps: number;
  /** warm p50 over the Deno function's warm p50 (same gateway, same rounds). */
  warm_ratio: number;
}

/** The container section: a row per runtime, or why it was skipped. */
export interface ContainerResults {
  skipped?: string;
  deno_warm_p50_ms?: number;
  deno_warm_p99_ms?: number;
  rows?: ContainerRow[];
}

const RUNTIMES = [
  { runtime: "python", name: "bench-py", example: "py-hello" },
  { runtime: "node", name: "bench-node", example: "node-hello" },
];
const DENO = "bench-deno";

/** Runs the container section, starting and stopping its own gateway and Docker objects. */
export async function benchContainers(o: {
  root: string;
  dir: string;
  latencyBin: string;
  colds: number;
  rounds: number;
  seconds: number;
  log: (s: string) => void;
}): Promise<ContainerResults> {
  const status = await dockerStatus();
  if (!status.ok) {
    o.log(`containers: SKIPPED, Docker is unavailable: ${status.reason}`);
    return { skipped: `Docker unavailable: ${status.reason}` };
  }
  o.log("containers: base images (built locally once, then cached by the engine)");
  await ensureBaseImages(RUNTIMES.map((r) => r.runtime), { log: (l) => o.log(`  ${l}`) });
  const registryIn = join(o.dir, "registry_in_containers");
  for (const r of RUNTIMES) {
    await copyDir(join(o.root, "registry_in", r.example), join(registryIn, r.name));
  }
  await Deno.mkdir(join(registryIn, DENO), { recursive: true });
  await Deno.writeTextFile(
    join(registryIn, DENO, "index.ts"),
    `export default () => "Hello, world!";\n`,
  );
  const tag = crypto.randomUUID().slice(0, 8);
  const owner = `bench-${tag}`, network = `denofn-bench-${tag}`;
  const token = benchToken();
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    gateway = await startGateway(o.root, registryIn, "denofn-containers", {
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: owner,
      DENOFN_DOCKER_NETWORK: network,
      DENOFN_TEMPLATES: join(o.root, "templates"),
      DENOFN_BASE_IMAGES: "local",
      DENOFN_ADMIN_TOKEN: token,
    });
    const port = gateway.port;
    const admin = new Admin(port, token);
    o.log("containers: building the python and node images");
    await admin.waitReady([DENO, ...RUNTIMES.map((r) => r.name)], 600_000);
    const head = (h: string) => h.match(/^server-timing:\s*(.*?)\r?$/im)?.[1] ?? "";
    const firstAfterDeploy: Record<string, number> = {};
    for (const r of RUNTIMES) {
      firstAfterDeploy[r.name] = await timeToFirstByte(port, `/fn/${r.name}`);
      const res = await fetch(`http://127.0.0.1:${port}/fn/${r.name}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`Cannot bench ${r.name}: ${res.status} ${text}`);
      o.log(`  ${r.runtime}: first call after deploy ${firstAfterDeploy[r.name].toFixed(1)} ms`);
    }
    const cold: Record<string, number[]> = {}, coldPhase: Record<string, number[]> = {};
    for (let i = 1; i <= o.colds; i++) {
      for (const r of RUNTIMES) {
        await stopAll(admin, r.name);
        let st = "";
        (cold[r.name] ??= []).push(
          await timeToFirstByte(port, `/fn/${r.name}`, (h) => st = head(h)),
        );
        (coldPhase[r.name] ??= []).push(phase(` ${st}`, "cold"));
        o.log(`  cold ${i} ${r.runtime}: ${cold[r.name].at(-1)!.toFixed(1)} ms (${st})`);
      }
    }
    // Warm: every instance is up again (the cold calls left them running).
    const warm: Record<string, { p50: number[]; p99: number[]; rps: number[] }> = {};
    const all = [DENO, ...RUNTIMES.map((r) => r.name)];
    for (const name of all) await timeToFirstByte(port, `/fn/${name}`);
    for (let round = 1; round <= o.rounds; round++) {
      for (const name of all) {
        const l = await runLatency(o.latencyBin, port, `/fn/${name}`, 1, o.seconds * 500, 100_000);
        const w = warm[name] ??= { p50: [], p99: [], rps: [] };
        w.p50.push(l.p50_us / 1000);
        w.p99.push(l.p99_us / 1000);
        w.rps.push(l.rps);
        o.log(
          `  warm round ${round} ${name}: p50 ${(l.p50_us / 1000).toFixed(2)} ms, ` +
            `p99 ${(l.p99_us / 1000).toFixed(2)} ms (${l.requests} calls, ${l.errors} errors)`,
        );
      }
    }
    const denoP50 = median(warm[DENO].p50);
    return {
      deno_warm_p50_ms: denoP50,
      deno_warm_p99_ms: median(warm[DENO].p99),
      rows: RUNTIMES.map((r) => ({
        runtime: r.runtime,
        function: r.name,
        first_call_after_deploy_ms: firstAfterDeploy[r.name],
        cold: timing(cold[r.name] ?? []),
        cold_start_phase: timing((coldPhase[r.name] ?? []).filter(Number.isFinite)),
        warm_p50_ms: median(warm[r.name].p50),
        warm_p99_ms: median(warm[r.name].p99),
        warm_rps: median(warm[r.name].rps),
        warm_ratio: median(warm[r.name].p50) / denoP50,
      })),
    };
  } finally {
    await gateway?.stop();
    // Whatever the gateway left (it stops its containers on SIGTERM; this is for a crash).
    await removeLeftoverContainers(owner).catch(() => 0);
    const rest = (await docker(["ps", "-aq", "--filter", `label=denofn.owner=${owner}`])
      .catch(() => "")).split("\n").filter(Boolean);
    if (rest.length) await runDocker(["rm", "-f", ...rest]);
    for (const name of [DENO, ...RUNTIMES.map((r) => r.name)]) {
      await removeFunctionImages(name, owner).catch(() => 0);
    }
    await removeNetwork(network, owner).catch(() => {});
  }
}

/** Stops the function's instances through the admin API and waits until their containers are gone. */
async function stopAll(admin: Admin, name: string): Promise<void> {
  const ids = (await admin.instances(name)).map((x) => x.containerId).filter((x) => x);
  await admin.restart(name);
  await admin.waitInstances(name, (xs) => xs.length === 0, 15_000);
  const t0 = performance.now();
  for (const id of ids) {
    while (performance.now() - t0 < 15_000) {
      const r = await runDocker(["ps", "-q", "--filter", `id=${id}`]);
      if (r.code !== 0 || !r.stdout.trim()) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await new Promise((r) => setTimeout(r, 100));
}

async function copyDir(src: string, dest: string): Promise<void> {
  await Deno.mkdir(dest, { recursive: true });
  for await (const e of Deno.readDir(src)) {
    if (e.isDirectory) await copyDir(join(src, e.name), join(dest, e.name));
    else await Deno.copyFile(join(src, e.name), join(dest, e.name));
  }
}
