/**
 * Cold start, memory and deploy latency: the parts of the bench that start, count and rebuild
 * processes rather than load them.
 * @module
 */
import { join } from "node:path";
import { startBare, timeToFirstByte, workerdConfig } from "./contenders.ts";
import { freePort, startProc } from "./proc.ts";
import { median, quantile } from "./stats.ts";

/** Medians (and spread) of a series of timings in ms. */
export interface Timing {
  median_ms: number;
  p90_ms: number;
  min_ms: number;
  n: number;
  samples_ms: number[];
}

/** Summarizes `xs` (ms). */
export function timing(xs: number[]): Timing {
  return {
    median_ms: median(xs),
    p90_ms: quantile(xs, 0.9),
    min_ms: Math.min(...xs),
    n: xs.length,
    samples_ms: xs.map((x) => Math.round(x * 100) / 100),
  };
}

/** From spawning `start` to the first response byte on `port`, polling every ms. */
export async function spawnToFirstByte(
  port: number,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<number> {
  const t0 = performance.now();
  const p = await start();
  try {
    for (;;) {
      try {
        await timeToFirstByte(port, "/");
        return performance.now() - t0;
      } catch { /* not listening yet */ }
      if (performance.now() - t0 > 20_000) throw new Error(`Nothing answered on ${port}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    await p.stop();
  }
}

/** Cold starts, alternating: gateway (a fresh function each time), bare deno run, workerd. */
export async function benchCold(o: {
  gatewayPort: number;
  freshFunctions: string[];
  workerd: string;
  dir: string;
  log: (s: string) => void;
}): Promise<Record<string, Timing>> {
  const gw: number[] = [], bare: number[] = [], wd: number[] = [];
  const spawnReady: number[] = [], firstHop: number[] = [];
  for (const name of o.freshFunctions) {
    gw.push(
      await timeToFirstByte(o.gatewayPort, `/fn/${name}`, (head) => {
        spawnReady.push(phase(head, "cold"));
        firstHop.push(phase(head, "upstream"));
      }),
    );
    bare.push(await bareDenoRun());
    const wp = freePort();
    const config = await workerdConfig(o.dir, wp);
    wd.push(await spawnToFirstByte(wp, () => startProc(o.workerd, ["serve", config])));
    o.log(
      `  cold ${name}: gateway ${gw.at(-1)!.toFixed(1)} ms, deno run ${bare.at(-1)!.toFixed(1)}` +
        ` ms, workerd ${wd.at(-1)!.toFixed(1)} ms`,
    );
  }
  const known = (xs: number[]) => xs.filter(Number.isFinite);
  return {
    "denofn /fn (fresh function)": timing(gw),
    "… of which spawn → ready (Server-Timing cold)": timing(known(spawnReady)),
    "… of which first forward (Server-Timing upstream)": timing(known(firstHop)),
    "deno run": timing(bare),
    workerd: timing(wd),
  };
}

/** A `name;dur=<ms>` phase of a response head's Server-Timing header; NaN when absent. */
export function phase(head: string, name: string): number {
  return Number(head.match(new RegExp(`[\\s,:]${name};dur=([\\d.]+)`))?.[1] ?? NaN);
}

/** One bare `deno run` of the hello world: ms from spawn to its first response byte. */
export function bareDenoRun(): Promise<number> {
  const port = freePort();
  return spawnToFirstByte(port, () => startBare(port));
}

/** Calls `/fn/<name>` once for each of `names` (or `path` once when none); all must answer. */
export async function warmAll(port: number, names: string[], path?: string): Promise<void> {
  for (const name of names.length ? names : [""]) {
    const res = await fetch(`http://127.0.0.1:${port}${path ?? `/fn/${name}`}`);
    await res.text();
    if (!res.ok) throw new Error(`Cannot warm ${name}: ${res.status}`);
  }
}

/** Rewrites `registryIn/<name>/index.ts` `times` times; ms until each new text is served. */
export async function benchDeploy(o: {
  port: number;
  registryIn: string;
  name: string;
  times: number;
  log: (s: string) => void;
}): Promise<Timing> {
  const file = join(o.registryIn, o.name, "index.ts");
  const url = `http://127.0.0.1:${o.port}/fn/${o.name}`;
  const xs: number[] = [];
  for (let i = 1; i <= o.times; i++) {
    const want = `version ${i} ${crypto.randomUUID()}`;
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await Deno.writeTextFile(file, `export default () => ${JSON.stringify(want)};\n`);
    for (;;) {
      const res = await fetch(url);
      if ((await res.text()) === want) break;
      if (performance.now() - t0 > 15_000) throw new Error("Deploy not served within 15 s");
      await new Promise((r) => setTimeout(r, 2));
    }
    xs.push(performance.now() - t0);
    o.log(`  deploy ${i}: ${xs.at(-1)!.toFixed(1)} ms`);
  }
  return timing(xs);
}
