/**
 * First call after idle with spares on: a gateway of its own with `DENOFN_SPARES_MB` and a hello
 * function whose `idleTimeoutSec` is short, so that its instance is idle-stopped and (if the
 * platform does so) a spare takes its place. Only HTTP is used: the admin API tells when the
 * instance that served the last call is gone and another is live; the next call is timed and its
 * `Server-Timing` says whether it was cold. Alternating with each round: the same function's first
 * call after a stop (the admin API's restart, so no spare) and a bare `deno run` of the same hello.
 * @module
 */
import { join } from "node:path";
import { Admin, benchToken } from "./admin.ts";
import { startGateway, timeToFirstByte } from "./contenders.ts";
import { bareDenoRun, phase, type Timing, timing } from "./lifecycle.ts";

/** What the spare section measured. */
export interface SpareResults {
  spares_mb: number;
  idle_timeout_sec: number;
  /** Request → first byte of the first call after the idle stop. */
  first_call_after_idle: Timing;
  /** Of those calls, how many the gateway served without a cold start (a spare was ready). */
  warm_hits: number;
  /**
   * ms after the idle timeout until the admin API showed the instance that served the last call
   * gone and another one live (the spare: started after the idle stop, or already there).
   */
  spare_ready_after_idle: Timing;
  /** The call right after it (warm). */
  second_call: Timing;
  /** First call after the admin API's restart: no instance, no spare (truly cold). */
  first_call_after_stop: Timing;
  /** A bare `deno run` of the same hello: spawn → first byte. */
  deno_run: Timing;
  /** Medians over `deno_run`'s median. */
  ratio_spare: number;
  ratio_cold: number;
  /** Server-Timing of each first call after idle, as the gateway sent it. */
  server_timing: string[];
}

const FN = "idle";

/** Runs `times` rounds; starts and stops its own gateway. */
export async function benchSpare(o: {
  root: string;
  dir: string;
  times: number;
  sparesMb: number;
  idleTimeoutSec: number;
  log: (s: string) => void;
}): Promise<SpareResults> {
  const registryIn = join(o.dir, "registry_in_spare");
  await Deno.mkdir(join(registryIn, FN), { recursive: true });
  await Deno.writeTextFile(
    join(registryIn, FN, "index.ts"),
    `export default () => "Hello, world!";\n`,
  );
  await Deno.writeTextFile(
    join(registryIn, FN, "registry.json"),
    JSON.stringify({ idleTimeoutSec: o.idleTimeoutSec }),
  );
  const token = benchToken();
  const gateway = await startGateway(o.root, registryIn, "denofn-spares", {
    DENOFN_SPARES_MB: String(o.sparesMb),
    DENOFN_ADMIN_TOKEN: token,
  });
  try {
    const admin = new Admin(gateway.port, token);
    await admin.waitReady([FN], 120_000);
    const path = `/fn/${FN}`;
    const head = (h: string) => h.match(/^server-timing:\s*(.*?)\r?$/im)?.[1] ?? "";
    // The instance the first call starts is the one the first idle stop ends.
    await timeToFirstByte(gateway.port, path);
    const spare: number[] = [], second: number[] = [], cold: number[] = [], bare: number[] = [];
    const readyAfter: number[] = [], timings: string[] = [];
    let hits = 0;
    const idleMs = o.idleTimeoutSec * 1000;
    for (let i = 1; i <= o.times; i++) {
      // The instances live after the last call: the one that served it goes idle and stops (a
      // spare, if one is live already, does not); wait until one of them is gone and another
      // instance is live, then time the next call.
      const served = new Set((await admin.instances(FN)).map((x) => x.id));
      const t0 = performance.now();
      const { held } = await admin.waitInstances(
        FN,
        (xs) =>
          xs.length > 0 && [...served].some((id) => !xs.some((x) => x.id === id)) &&
          xs.every((x) => x.inFlight === 0),
        idleMs + 10_000,
      );
      if (held) readyAfter.push(Math.max(0, performance.now() - t0 - idleMs));
      else o.log(`  spare ${i}: no instance took the idle one's place; timing the call anyway`);
      // Measured here, with no start going on: the bare deno run beside it, then the call.
      bare.push(await bareDenoRun());
      await new Promise((r) => setTimeout(r, 200)); // the spare's warming probes are over
      let st = "";
      spare.push(await timeToFirstByte(gateway.port, path, (h) => st = head(h)));
      timings.push(st);
      if (Number.isFinite(phase(` ${st}`, "queue"))) hits++;
      second.push(await timeToFirstByte(gateway.port, path));
      // Truly cold: the admin API's restart stops every instance, spares too.
      const pids = (await admin.instances(FN)).map((x) => x.pid).filter((p) => p !== undefined);
      await admin.restart(FN);
      await admin.waitInstances(FN, (xs) => xs.length === 0, 10_000);
      await gone(pids, 10_000); // the stopped processes have exited
      await new Promise((r) => setTimeout(r, 50));
      cold.push(await timeToFirstByte(gateway.port, path));
      o.log(
        `  spare ${i}: first call after idle ${spare.at(-1)!.toFixed(2)} ms (${st}), then ` +
          `${second.at(-1)!.toFixed(2)} ms; after a stop ${cold.at(-1)!.toFixed(1)} ms; ` +
          `deno run ${bare.at(-1)!.toFixed(1)} ms`,
      );
    }
    const t = { spare: timing(spare), cold: timing(cold), bare: timing(bare) };
    return {
      spares_mb: o.sparesMb,
      idle_timeout_sec: o.idleTimeoutSec,
      first_call_after_idle: t.spare,
      warm_hits: hits,
      spare_ready_after_idle: timing(readyAfter),
      second_call: timing(second),
      first_call_after_stop: t.cold,
      deno_run: t.bare,
      ratio_spare: t.spare.median_ms / t.bare.median_ms,
      ratio_cold: t.cold.median_ms / t.bare.median_ms,
      server_timing: timings,
    };
  } finally {
    await gateway.stop();
  }
}

/** Waits (bounded) until none of `pids` is alive any more. */
async function gone(pids: number[], timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
    } catch {
      return false;
    }
  };
  while (pids.some(alive) && performance.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 10));
  }
}
