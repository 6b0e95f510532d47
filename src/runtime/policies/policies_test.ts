import { assert, assertEquals } from "../../../test/helpers/assert.ts";
import { FakeClock } from "../fake_clock.ts";
import { CrashBackoff } from "./backoff.ts";
import { HealthChecker } from "./health_checker.ts";
import { IdleTimer } from "./idle_timer.ts";

/** An armed IdleTimer of `idleMs` on a fake clock, counting how often it fired. */
function armedIdleTimer(idleMs: number) {
  const clock = new FakeClock();
  const t = { clock, fired: 0, idle: undefined as unknown as IdleTimer };
  t.idle = new IdleTimer(clock, idleMs, () => t.fired++);
  t.idle.arm();
  return t;
}

Deno.test("IdleTimer fires after idleMs of no calls and not before", async () => {
  const t = armedIdleTimer(1000);
  await t.clock.advance(999);
  assertEquals(t.fired, 0);
  t.idle.disarm(); // a call started
  await t.clock.advance(5000);
  assertEquals(t.fired, 0);
  t.idle.arm(); // the call ended
  await t.clock.advance(1000);
  assertEquals(t.fired, 1);
  assert(!t.idle.armed);
});

Deno.test("IdleTimer with idleMs 0 keeps the instance warm", async () => {
  const t = armedIdleTimer(0);
  await t.clock.advance(86_400_000);
  assertEquals(t.fired, 0);
  assertEquals(t.clock.pending, 0);
});

Deno.test("CrashBackoff doubles up to its cap and resets", () => {
  const clock = new FakeClock();
  const backoff = new CrashBackoff(clock, { initialMs: 100, maxMs: 350, factor: 2 });
  assertEquals(backoff.remainingMs(), 0);
  assertEquals(backoff.failure("a"), 100);
  assertEquals(backoff.failure("b"), 200);
  assertEquals(backoff.failure("c"), 350);
  assertEquals(backoff.remainingMs(), 350);
  assertEquals(backoff.lastError, "c");
  assertEquals(backoff.failures, 3);
  backoff.reset();
  assertEquals(backoff.remainingMs(), 0);
});

Deno.test("CrashBackoff allows a start once its delay has passed", async () => {
  const clock = new FakeClock();
  const backoff = new CrashBackoff(clock, { initialMs: 100, maxMs: 1000, factor: 2 });
  backoff.failure("boom");
  await clock.advance(60);
  assertEquals(backoff.remainingMs(), 40);
  await clock.advance(40);
  assertEquals(backoff.remainingMs(), 0);
});

Deno.test("HealthChecker hands failing targets to onUnhealthy every interval", async () => {
  const clock = new FakeClock();
  const healthy = { ok: true, probe: () => Promise.resolve(true) };
  const sick = { ok: false, probe: () => Promise.resolve(false) };
  const killed: unknown[] = [];
  const checker = new HealthChecker(
    clock,
    { intervalMs: 1000, timeoutMs: 100 },
    () => [healthy, sick],
    (t) => killed.push(t),
  );
  checker.start();
  await clock.advance(999);
  assertEquals(killed.length, 0);
  await clock.advance(1);
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(killed, [sick]);
  checker.stop();
  await clock.advance(5000);
  assertEquals(killed.length, 1);
});

Deno.test("HealthChecker with intervalMs 0 never probes", async () => {
  const clock = new FakeClock();
  let probes = 0;
  const checker = new HealthChecker(
    clock,
    { intervalMs: 0, timeoutMs: 100 },
    () => [{ probe: () => Promise.resolve(!!++probes) }],
    () => {},
  );
  checker.start();
  await clock.advance(60_000);
  assertEquals(probes, 0);
});
