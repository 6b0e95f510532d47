/** The pool's policies with fake time and a fake starter: exact, no processes. */
import { assert, assertEquals, assertMatch, assertRejects } from "../../test/helpers/assert.ts";
import { FunctionBusy, FunctionNotReady } from "../errors/mod.ts";
import { parseManifest } from "../manifest/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { FakeClock } from "./fake_clock.ts";
import { FunctionPool } from "./pool.ts";
import { SpareBudget } from "./policies/spare_budget.ts";
import type { Instance, InstanceExit, InstanceStarter } from "./types.ts";

function record(hash: string, manifest: Record<string, unknown> = {}): FunctionRecord {
  return {
    name: "fn",
    status: "ready",
    hash,
    runtime: "deno",
    builtAt: "",
    buildMs: 0,
    sourceDir: "/x",
    bundle: "fn.js",
    manifest: parseManifest(manifest),
  };
}

class FakeStarter implements InstanceStarter {
  starts = 0;
  fail?: string;
  /** When set, instances offer `pause()` and answer it with this. */
  pauses?: boolean;
  paused: string[] = [];
  stopped: string[] = [];
  /** Ends instance `i` as a crash would (exit code 1). */
  crash: ((code: number) => void)[] = [];
  crashById = new Map<string, (code: number) => void>();
  gate = Promise.resolve();
  async start(_r: FunctionRecord, id: string): Promise<Instance> {
    this.starts++;
    await this.gate;
    if (this.fail) throw new Error(this.fail);
    let exit!: (e: InstanceExit) => void;
    const exited = new Promise<InstanceExit>((r) => (exit = r));
    this.crash.push((code) => exit({ code }));
    this.crashById.set(id, (code) => exit({ code }));
    const pauses = this.pauses;
    return {
      id,
      kind: "process",
      readyAt: 0,
      ...(pauses === undefined ? {} : {
        pause: () => (pauses && this.paused.push(id), pauses),
      }),
      exited,
      fetch: () => Promise.resolve(new Response("ok")),
      send: () => Promise.resolve(new Response("ok")),
      probe: () => Promise.resolve(true),
      stop: (reason) => {
        this.stopped.push(`${id}:${reason}`);
        exit({ code: null, reason });
        return Promise.resolve();
      },
    };
  }
}

function pool(starter: FakeStarter, clock: FakeClock, rec = record("a")) {
  return new FunctionPool(rec, {
    starter: () => starter,
    clock,
    logs: { write() {} },
    readyTimeoutMs: 1000,
  });
}

Deno.test("FunctionPool starts one instance for a burst of cold calls", async () => {
  const starter = new FakeStarter();
  const p = pool(starter, new FakeClock());
  const leases = await Promise.all([1, 2, 3, 4, 5].map((i) => p.acquire(`r${i}`)));
  assertEquals(starter.starts, 1);
  assert(leases.every((l) => l.cold && l.slot === leases[0].slot));
  assertEquals(p.inFlight, 5);
  leases.forEach((l) => l.release());
  assertEquals(p.inFlight, 0);
  await p.close(0);
});

Deno.test("FunctionPool queues up to maxQueue past concurrency, then refuses with 429", async () => {
  const starter = new FakeStarter();
  const p = pool(starter, new FakeClock(), record("a", { concurrency: 1, maxQueue: 1 }));
  const first = await p.acquire("r1");
  const queued = p.acquire("r2");
  assertEquals(p.queued, 1);
  await assertRejects(async () => await p.acquire("r3")).then((e) =>
    assert(e instanceof FunctionBusy)
  );
  first.release();
  const second = await queued;
  assertEquals(second.slot, first.slot);
  assert(!second.cold);
  second.release();
  await p.close(0);
});

Deno.test("FunctionPool pauses an idle instance that can pause, and it takes the next call", async () => {
  for (const pauses of [true, false]) {
    const starter = new FakeStarter();
    starter.pauses = pauses;
    const clock = new FakeClock();
    const p = pool(starter, clock, record("a", { idleTimeoutSec: 10 }));
    const first = await p.acquire("r1");
    first.release();
    await clock.advance(10_000);
    if (pauses) {
      assertEquals(starter.paused.length, 1, "paused");
      assertEquals(starter.stopped, [], "not stopped");
      const next = await p.acquire("r2");
      assertEquals(next.slot, first.slot, "the paused instance takes the next call");
      assert(!next.cold);
      next.release();
    } else {
      assertMatch(starter.stopped[0], /:idle$/, "an instance that declines is stopped");
      assertEquals(p.slots.length, 0);
    }
    await p.close(0);
  }
});

Deno.test("FunctionPool stops an instance after idleTimeoutSec without calls", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const p = pool(starter, clock, record("a", { idleTimeoutSec: 10 }));
  const lease = await p.acquire("r1");
  await clock.advance(60_000); // busy for a minute: never idle-killed mid-call
  assertEquals(starter.stopped, []);
  lease.release();
  await clock.advance(9_999);
  assertEquals(starter.stopped, []);
  await clock.advance(1);
  assertMatch(starter.stopped[0], /:idle$/);
  assertEquals(p.slots.length, 0);
  await p.close(0);
});

Deno.test("FunctionPool backs off after failed starts and tries again later", async () => {
  const starter = new FakeStarter();
  starter.fail = "boom at boot";
  const clock = new FakeClock();
  const p = pool(starter, clock);
  const first = await assertRejects(async () => await p.acquire("r1"));
  assert(first instanceof FunctionNotReady);
  assertMatch(first.message, /boom at boot/);
  const held = await assertRejects(async () => await p.acquire("r2"));
  assert(held instanceof FunctionNotReady);
  assertMatch(held.message, /next start allowed in 250 ms/);
  assertEquals(held.headers(), { "retry-after": "1" });
  assertEquals(starter.starts, 1, "no start during the backoff");
  starter.fail = undefined;
  await clock.advance(250);
  const lease = await p.acquire("r3");
  assertEquals(starter.starts, 2);
  lease.release();
  await p.close(0);
});

Deno.test("FunctionPool drains old instances when new code arrives", async () => {
  const starter = new FakeStarter();
  const p = pool(starter, new FakeClock());
  const old = await p.acquire("r1");
  p.update(record("b"));
  const fresh = await p.acquire("r2");
  assert(fresh.slot !== old.slot, "new calls get a new instance");
  assertEquals(fresh.slot.hash, "b");
  assertEquals(starter.stopped, []);
  old.release();
  assertEquals(starter.stopped.length, 1, "the old instance stops once its call ends");
  fresh.release();
  await p.close(0);
});

Deno.test("FunctionPool starts a fresh instance at once for the call after a crash", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const p = pool(starter, clock);
  const first = await p.acquire("r1");
  starter.crash[0](1);
  await Promise.resolve();
  first.release();
  const next = await p.acquire("r2");
  assertEquals(starter.starts, 2);
  assert(next.slot !== first.slot);
  next.release();
  await p.close(0);
});

Deno.test("FunctionPool spaces out starts in a crash loop while calls keep waiting", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const p = pool(starter, clock);
  for (let i = 0; i < 3; i++) {
    const lease = await p.acquire(`crash-${i}`);
    starter.crash[i](1);
    await Promise.resolve();
    lease.release();
  }
  const waiting = p.acquire("after-loop");
  assert(waiting instanceof Promise, "the call waits instead of failing");
  assertEquals(starter.starts, 3, "no start before the delay");
  await clock.advance(100);
  const lease = await waiting;
  assertEquals(starter.starts, 4);
  lease.release();
  await p.close(0);
});

/** Lets the fake starter's starts (promise chains, no timers) run to their end. */
const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("FunctionPool keeps minInstances started: never idle-killed, replaced, redeployed", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const manifest = { minInstances: 2, maxInstances: 3, idleTimeoutSec: 10, concurrency: 1 };
  const p = pool(starter, clock, record("a", manifest));
  await settle();
  assertEquals(p.slots.length, 2, "started ahead of any call");
  const lease = p.acquire("r1");
  assert(!(lease instanceof Promise) && !lease.cold, "the first call lands on a warm instance");
  lease.release();
  await clock.advance(60_000);
  assertEquals(starter.stopped, [], "kept instances are never idle-killed");

  // A third instance (scale-out past the minimum) is idle-killed as usual.
  const busy = [p.acquire("r2"), p.acquire("r3"), p.acquire("r4")];
  const leases = await Promise.all(busy);
  assertEquals(p.slots.length, 3);
  leases.forEach((l) => l.release());
  await clock.advance(10_000);
  assertEquals(starter.stopped.length, 1);
  assertMatch(starter.stopped[0], /:idle$/);
  assertEquals(p.slots.length, 2);

  starter.crashById.get(p.slots[0].instance.id)!(1); // a kept one dies: another takes its place
  await settle();
  assertEquals(p.slots.length, 2);
  assertEquals(starter.starts, 4);

  p.update(record("b", manifest)); // new code: the kept instances follow it
  await settle();
  assertEquals(p.slots.map((s) => s.hash), ["b", "b"]);
  await p.close(0);
  await settle();
  assertEquals(p.slots.length, 0);
  assertEquals(starter.starts, 6, "nothing starts after close");
});

Deno.test("FunctionPool retries a failed minInstances start after its backoff", async () => {
  const starter = new FakeStarter();
  starter.fail = "boom at boot";
  const clock = new FakeClock();
  const p = pool(starter, clock, record("a", { minInstances: 1 }));
  await settle();
  assertEquals(starter.starts, 1);
  assertEquals(p.slots.length, 0);
  starter.fail = undefined;
  await clock.advance(250);
  await settle();
  assertEquals(starter.starts, 2);
  assertEquals(p.slots.length, 1);
  await p.close(0);
});

function sparePool(
  starter: FakeStarter,
  clock: FakeClock,
  spares: SpareBudget,
  rec: FunctionRecord,
) {
  return new FunctionPool(rec, {
    starter: () => starter,
    clock,
    logs: { write() {} },
    readyTimeoutMs: 1000,
    spares,
  });
}

Deno.test("FunctionPool leaves a spare after an idle stop: used, replaced, follows new code", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024);
  const p = sparePool(starter, clock, spares, record("a", { idleTimeoutSec: 10, memoryMb: 128 }));
  (await p.acquire("r1")).release();
  await clock.advance(10_000);
  await settle();
  assertMatch(starter.stopped[0], /:idle$/);
  assertEquals(starter.starts, 2, "a spare is started in its place");
  assertEquals(p.slots.map((s) => s.spare), [true]);
  assertEquals(spares.holders(), ["fn"]);
  await clock.advance(60_000);
  assertEquals(starter.stopped.length, 1, "a spare is not idle-stopped");

  const lease = p.acquire("r2");
  assert(!(lease instanceof Promise) && !lease.cold, "the next call lands on the spare, warm");
  assertEquals(lease.slot.spare, false);
  assertEquals(spares.holders(), [], "a used spare leaves the budget");
  lease.release();
  await clock.advance(10_000);
  await settle();
  assertEquals(starter.starts, 3, "its idle stop leaves another spare");
  assertEquals(p.slots.map((s) => s.spare), [true]);

  const old = p.slots[0];
  p.update(record("b", { idleTimeoutSec: 10, memoryMb: 128 }));
  await settle();
  assert(old.gone, "the spare of the old code is stopped");
  assertEquals(p.slots.map((s) => [s.hash, s.spare]), [["b", true]], "a spare of the new code");
  await p.close(0);
  assertEquals(spares.holders(), [], "closing gives the room back");
});

Deno.test("FunctionPool spares share one budget: the least recent function's spare is stopped", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(200);
  const rec = (name: string) => ({ ...record("a", { idleTimeoutSec: 10, memoryMb: 128 }), name });
  const a = sparePool(starter, clock, spares, rec("a"));
  const b = sparePool(starter, clock, spares, rec("b"));
  (await a.acquire("r1")).release();
  await clock.advance(5_000);
  (await b.acquire("r2")).release();
  await clock.advance(5_000);
  await settle();
  assertEquals(spares.holders(), ["a"]);
  await clock.advance(5_000);
  await settle();
  assertEquals(spares.holders(), ["b"], "b's spare took a's room");
  assertEquals(a.slots.length, 0);
  assertEquals(b.slots.map((s) => s.spare), [true]);
  await a.close(0);
  await b.close(0);
});

Deno.test("FunctionPool starts a spare beside a cold start; a burst lands on it; it is replaced", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024);
  const manifest = { concurrency: 1, maxInstances: 3, idleTimeoutSec: 10, memoryMb: 128 };
  const p = sparePool(starter, clock, spares, record("a", manifest));
  const first = await p.acquire("r1");
  assert(first.cold);
  await clock.advance(0);
  await settle();
  assertEquals(starter.starts, 2, "a spare starts beside the cold start");
  const spare = p.slots.find((s) => s.spare)!;
  assert(spare && spare !== first.slot);

  const second = p.acquire("r2");
  assert(!(second instanceof Promise) && !second.cold, "the second call lands on the spare");
  assertEquals(second.slot, spare);
  assertEquals(spare.spare, false, "an instance like any other once used");
  await clock.advance(0);
  await settle();
  assertEquals(starter.starts, 3, "another spare replaces it");
  assertEquals(p.slots.map((s) => !!s.spare), [false, false, true]);

  const third = p.acquire("r3");
  assert(!(third instanceof Promise) && !third.cold);
  await clock.advance(0);
  await settle();
  assertEquals(starter.starts, 3, "no spare past maxInstances");
  assertEquals(spares.holders(), []);
  for (const l of [first, second, third]) l.release();
  const again = p.acquire("r4");
  assert(!(again instanceof Promise));
  assertEquals(again.slot, first.slot, "a free instance is taken before a spare");
  again.release();
  await p.close(0);
});

Deno.test("FunctionPool with maxInstances 1 starts no spare beside its one instance", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const p = sparePool(starter, clock, new SpareBudget(1024), record("a", { concurrency: 1 }));
  const lease = await p.acquire("r1");
  await clock.advance(0);
  await settle();
  assertEquals(starter.starts, 1);
  lease.release();
  await p.close(0);
});

Deno.test("FunctionPool starts a spare of the new code after a deploy of a function in use", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024);
  const manifest = { idleTimeoutSec: 10, memoryMb: 128 };
  const p = sparePool(starter, clock, spares, record("a", manifest));
  const old = await p.acquire("r1");
  p.update(record("b", manifest));
  await settle();
  assertEquals(p.slots.map((s) => [s.hash, !!s.spare]), [["a", false], ["b", true]]);
  const next = p.acquire("r2");
  assert(!(next instanceof Promise) && !next.cold, "the first call of the new code is warm");
  assertEquals(next.slot.hash, "b");
  old.release();
  next.release();
  assertEquals(p.slots.map((s) => s.hash), ["b"], "the old instance stops once drained");
  await p.close(0);

  const idle = sparePool(starter, clock, spares, record("a", manifest));
  idle.update(record("b", manifest));
  await settle();
  assertEquals(idle.slots.length, 0, "a function nobody used gets no spare from a deploy");
  await idle.close(0);
});

Deno.test("FunctionPool never leases a spare started for old code", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024);
  const manifest = { idleTimeoutSec: 10, memoryMb: 128 };
  const p = sparePool(starter, clock, spares, record("a", manifest));
  (await p.acquire("r1")).release();
  let open!: () => void;
  starter.gate = new Promise((r) => (open = r));
  await clock.advance(10_000); // idle stop: a spare of "a" starts, held at the gate
  assertEquals(starter.starts, 2);
  p.update(record("b", manifest)); // meanwhile, new code: a spare of "b" starts too
  assertEquals(starter.starts, 3);
  assertEquals(spares.holders(), ["fn"]);
  open();
  await settle();
  assertEquals(p.slots.map((s) => [s.hash, !!s.spare]), [["b", true]]);
  assertEquals(starter.stopped.filter((s) => s.endsWith(":new version")).length, 1);
  const lease = p.acquire("r2");
  assert(!(lease instanceof Promise) && lease.slot.hash === "b");
  lease.release();
  await p.close(0);
  assertEquals(spares.usedMb, 0);
});

Deno.test("FunctionPool stops a spare unused for the budget's time to live, without replacement", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024, 30_000);
  const p = sparePool(starter, clock, spares, record("a", { idleTimeoutSec: 10, memoryMb: 128 }));
  (await p.acquire("r1")).release();
  await clock.advance(10_000);
  await settle();
  assertEquals(p.slots.map((s) => !!s.spare), [true]);
  await clock.advance(29_999);
  assertEquals(p.slots.length, 1);
  await clock.advance(1);
  await settle();
  assertMatch(starter.stopped.at(-1)!, /:spare unused$/);
  assertEquals(p.slots.length, 0, "gone when idle");
  assertEquals(starter.starts, 2);
  assertEquals(spares.holders(), []);
  await clock.advance(3_600_000);
  assertEquals(starter.starts, 2, "nothing starts again without a call");
  await p.close(0);
});

Deno.test("FunctionPool: a spare evicted while starting is stopped once started", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(128);
  const rec = (name: string) => ({ ...record("a", { idleTimeoutSec: 10, memoryMb: 128 }), name });
  const a = sparePool(starter, clock, spares, rec("a"));
  const b = sparePool(starter, clock, spares, rec("b"));
  (await a.acquire("r1")).release();
  (await b.acquire("r2")).release();
  let open!: () => void;
  starter.gate = new Promise((r) => (open = r));
  await clock.advance(10_000); // both idle: a's spare starts, then b's takes its room
  assertEquals(spares.holders(), ["b"]);
  open();
  await settle();
  assertEquals(a.slots.length, 0);
  assertMatch(starter.stopped.at(-1)!, /^a-\d+:spare dropped$/);
  assertEquals(b.slots.map((s) => !!s.spare), [true]);
  await a.close(0);
  await b.close(0);
});

Deno.test("FunctionPool keeps no spare for minInstances functions", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const spares = new SpareBudget(1024);
  const manifest = { minInstances: 1, maxInstances: 3, concurrency: 1, idleTimeoutSec: 10 };
  const p = sparePool(starter, clock, spares, record("a", manifest));
  await settle();
  const leases = await Promise.all([p.acquire("r1"), p.acquire("r2")]);
  await clock.advance(0);
  await settle();
  assertEquals(starter.starts, 2, "the kept one and one scale-out, no spare");
  leases.forEach((l) => l.release());
  p.update(record("b", manifest));
  await clock.advance(20_000);
  await settle();
  assertEquals(spares.holders(), []);
  await p.close(0);
});

Deno.test("FunctionPool leases the spare only when no other instance has room", async () => {
  const starter = new FakeStarter();
  const clock = new FakeClock();
  const manifest = { concurrency: 2, maxInstances: 2, memoryMb: 128 };
  const p = sparePool(starter, clock, new SpareBudget(1024), record("a", manifest));
  const first = await p.acquire("r1");
  await clock.advance(0);
  await settle();
  const spare = p.slots.find((s) => s.spare)!;
  const second = p.acquire("r2");
  assert(!(second instanceof Promise) && second.slot === first.slot, "room on the busy one");
  assertEquals(spare.spare, true);
  const third = p.acquire("r3");
  assert(!(third instanceof Promise) && third.slot === spare, "full: the burst takes the spare");
  for (const l of [first, second, third]) l.release();
  await p.close(0);
});
