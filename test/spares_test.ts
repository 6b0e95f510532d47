/**
 * Spare instances over real processes (`DENOFN_SPARES_MB`): one stands by after an idle stop, a
 * cold start, a spare's use and a deploy of a function in use; the budget (LRU), the time to live
 * (`DENOFN_SPARE_TTL_SEC`) and the platform's own life bound them; they are never calls.
 */
import { join } from "node:path";
import { parsePrometheusText, sampleValue } from "../src/observe/testing.ts";
import type { Slot } from "../src/runtime/slot.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { alive, startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";

/** Answers its pid, after `?ms=` (a call held open); says `boot <pid>` when it starts. */
const PID_AFTER_MS = `console.log("boot " + Deno.pid);
export default async (req: Request) => {
  const ms = Number(new URL(req.url).searchParams.get("ms") ?? "0");
  await new Promise((r) => setTimeout(r, ms));
  return String(Deno.pid);
};`;

/** Function folders of `PID_AFTER_MS` with the given manifests, in a fresh fixtures folder. */
async function fixtures(manifests: Record<string, object>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "denofn-spares-" });
  for (const [name, manifest] of Object.entries(manifests)) {
    await Deno.mkdir(join(dir, name));
    await Deno.writeTextFile(join(dir, name, "index.ts"), PID_AFTER_MS);
    await Deno.writeTextFile(join(dir, name, "registry.json"), JSON.stringify(manifest));
  }
  return dir;
}

/** Starts a platform over `manifests` with `env`; `run` gets it; both are cleaned up after. */
async function withSpares(
  manifests: Record<string, object>,
  env: Record<string, string>,
  run: (p: TempPlatform) => Promise<void>,
): Promise<void> {
  const dir = await fixtures(manifests);
  try {
    const p = await startTempPlatform(Object.keys(manifests), env, { fixturesDir: dir });
    try {
      await run(p);
    } finally {
      await p.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const spareOf = (p: TempPlatform, fn: string): Slot | undefined =>
  p.supervisor.get(fn)?.slots.find((s) => s.spare && !s.gone);

/** Calls `fn`: the pid that answered and whether the call waited for a start. */
async function call(p: TempPlatform, fn: string) {
  const res = await fetch(`${p.url}/fn/${fn}`);
  const text = await res.text();
  assertEquals(res.status, 200, text);
  return { text, pid: Number(text), cold: !!res.headers.get("server-timing")?.includes("cold") };
}

Deno.test("an idle stop leaves a spare that takes the next call and follows new code", async () => {
  const p = await startTempPlatform(["idle"], { DENOFN_SPARES_MB: "1024" });
  let spare = 0;
  try {
    const pool = () => p.supervisor.pool("idle");
    const spareSlot = () => pool().slots.find((s) => s.spare && !s.gone);
    const first = Number(await (await fetch(`${p.url}/fn/idle`)).text());
    await until(
      "the idle instance is stopped and a spare stands in",
      () => !alive(first) && spareSlot() !== undefined,
    );
    spare = spareSlot()!.instance.pid!;
    assert(spare !== first);
    const view = await (await fetch(`${p.url}/admin/functions/idle`, {
      headers: { authorization: `Bearer ${p.platform.adminToken.token}` },
    })).json();
    assertEquals(
      view.instances.map((i: { pid: number; spare?: boolean }) => [i.pid, i.spare]),
      [[spare, true]],
      "the admin API shows it as the spare",
    );

    const res = await fetch(`${p.url}/fn/idle`);
    assertEquals(Number(await res.text()), spare, "the next call lands on the spare");
    assert(!res.headers.get("server-timing")?.includes("cold"), "and is not a cold call");
    await until("the used spare is idle-stopped and another stands in", () => {
      const s = spareSlot();
      return !alive(spare) && s !== undefined && s.instance.pid !== spare;
    });
    spare = spareSlot()!.instance.pid!;

    const oldHash = pool().record.hash;
    await p.write("idle", "index.ts", "export default () => `v2 ${Deno.pid}`;");
    await until("the spare runs the new code", () => {
      const s = spareSlot();
      return !alive(spare) && s !== undefined && s.hash !== oldHash;
    });
    spare = spareSlot()!.instance.pid!;
    assertEquals(await (await fetch(`${p.url}/fn/idle`)).text(), `v2 ${spare}`);
  } finally {
    await p.close();
  }
  assert(spare > 0 && !alive(spare), "spares die with the platform");
});

Deno.test("a deploy of a function in use leaves a spare of the new code for its first call", async () => {
  const manifests = { live: { idleTimeoutSec: 0 } };
  await withSpares(manifests, { DENOFN_SPARES_MB: "1024" }, async (p) => {
    const first = await call(p, "live");
    assert(first.cold);
    assertEquals(spareOf(p, "live"), undefined, "maxInstances 1: no spare beside it");

    const oldHash = p.supervisor.pool("live").record.hash;
    await p.write("live", "index.ts", "export default () => `v2 ${Deno.pid}`;");
    await until("a spare of the new code stands by", () => {
      const s = spareOf(p, "live");
      return s !== undefined && s.hash !== oldHash;
    });
    const spare = spareOf(p, "live")!.instance.pid!;
    const next = await call(p, "live");
    assertEquals(next.text, `v2 ${spare}`, "the first call of the new code lands on the spare");
    assert(!next.cold, "and is not a cold call");
    await until("the old instance is stopped", () => !alive(first.pid));
  });
});

Deno.test("a cold start leaves a spare beside it; a burst lands on it and another replaces it", async () => {
  const manifests = { burst: { concurrency: 1, maxInstances: 3, idleTimeoutSec: 0 } };
  const env = { DENOFN_SPARES_MB: "1024", DENOFN_SHUTDOWN_GRACE_MS: "0" };
  const pids: number[] = [];
  await withSpares(manifests, env, async (p) => {
    const held = new AbortController();
    const hold = () =>
      fetch(`${p.url}/fn/burst?ms=60000`, { signal: held.signal }).then(
        (res) => res.body?.cancel(),
        () => {},
      );
    const pool = p.supervisor.pool("burst");
    const busy = (pid: number) => pool.slots.some((s) => s.instance.pid === pid && s.inFlight > 0);
    const holding = [hold()];
    try {
      await until("the cold instance holds the first call", () => pool.inFlight === 1);
      const cold = pool.slots.find((s) => s.inFlight === 1)!.instance.pid!;
      await until("a spare stands by beside it", () => spareOf(p, "burst") !== undefined);
      const spare = spareOf(p, "burst")!.instance.pid!;
      pids.push(cold, spare);

      const second = await call(p, "burst");
      assertEquals(second.pid, spare, "the call past the busy instance lands on the spare");
      assert(!second.cold, "and is not a cold call");
      await until("another spare replaces it", () => spareOf(p, "burst") !== undefined);
      const next = spareOf(p, "burst")!.instance.pid!;
      assert(next !== spare && next !== cold);
      pids.push(next);

      holding.push(hold()); // the used spare is an instance like any other: it takes this one
      await until("the used spare holds a call", () => busy(spare));
      assert(spareOf(p, "burst")?.instance.pid === next, "the new spare still stands by");
      const third = await call(p, "burst");
      assertEquals(third.pid, next, "the next burst lands on the new spare");
      assert(!third.cold);
    } finally {
      held.abort();
      await Promise.all(holding);
    }
  });
  assertEquals(pids.length, 3);
  assert(pids.every((pid) => !alive(pid)), "every instance and spare dies with the platform");
});

Deno.test("spares past the budget are stopped, least recently called function first", async () => {
  const fn = { idleTimeoutSec: 1, memoryMb: 128 };
  const manifests = { a: fn, b: fn, c: fn };
  await withSpares(manifests, { DENOFN_SPARES_MB: "256" }, async (p) => {
    const spares: Record<string, number> = {};
    for (const name of ["a", "b", "c"]) {
      await call(p, name);
      await until(`${name}'s idle stop leaves a spare`, () => spareOf(p, name) !== undefined);
      spares[name] = spareOf(p, name)!.instance.pid!;
    }
    await until("a's spare is stopped to make room", () => !alive(spares.a));
    assertEquals(spareOf(p, "a"), undefined);
    assertEquals(spareOf(p, "b")?.instance.pid, spares.b);
    assertEquals(spareOf(p, "c")?.instance.pid, spares.c);
    assert(alive(spares.b) && alive(spares.c));
  });
});

Deno.test("a spare unused for DENOFN_SPARE_TTL_SEC stops without replacement, never a call", async () => {
  const manifests = { lone: { idleTimeoutSec: 1 } };
  const env = { DENOFN_SPARES_MB: "1024", DENOFN_SPARE_TTL_SEC: "1" };
  await withSpares(manifests, env, async (p) => {
    const boots = () => p.logs.filter((l) => l.fn === "lone" && l.line.startsWith("boot")).length;
    const first = await call(p, "lone");
    await until("the idle stop leaves a spare", () => spareOf(p, "lone") !== undefined);
    const spare = spareOf(p, "lone")!.instance.pid!;
    assert(spare !== first.pid);
    await until("the unused spare stops", () => !alive(spare));
    assertEquals(p.supervisor.pool("lone").slots.length, 0, "nothing left running");
    await new Promise((r) => setTimeout(r, 2_000)); // longer than a start and a time to live
    assertEquals(boots(), 2, "the instance and its spare: nothing started since");
    assertEquals(p.supervisor.pool("lone").slots.length, 0);

    const metrics = parsePrometheusText(await (await fetch(`${p.url}/metrics`)).text());
    const calls = { function: "lone", status: "200" };
    assertEquals(sampleValue(metrics, "denofn_invocations_total", calls), 1, "probes are no calls");
  });
});
