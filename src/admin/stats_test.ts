import { assertEquals } from "../../test/helpers/assert.ts";
import type { InvocationRecord } from "../observe/mod.ts";
import { computeStats, quantile } from "./stats.ts";

const MIN = 60_000;
const NOW = 100 * MIN + 30_000;

function call(fn: string, agoMin: number, durationMs: number, status = 200, cold = false) {
  return {
    requestId: crypto.randomUUID(),
    fn,
    method: "GET",
    path: "/",
    status,
    startedAt: NOW - agoMin * MIN,
    durationMs,
    cold,
  } satisfies InvocationRecord;
}

Deno.test("quantile() takes the nearest rank", () => {
  assertEquals(quantile([], 0.5), null);
  assertEquals(quantile([1, 2, 3, 4], 0.5), 2);
  assertEquals(quantile([1, 2, 3, 4], 0.99), 4);
  assertEquals(quantile([7], 0.99), 7);
});

Deno.test("computeStats() buckets calls per minute and sums the recent minutes", () => {
  const records = [
    call("a", 0, 10),
    call("a", 0, 30, 500),
    call("a", 1, 20, 200, true),
    call("b", 2, 5),
    call("a", 30, 1000), // inside the hour, outside the summary
    call("a", 90, 1), // outside the window
  ];
  const s = computeStats(records, { now: NOW, minutes: 60, recentMinutes: 5 });
  assertEquals(s.from, 41 * MIN);
  assertEquals(s.platform.calls.length, 60);
  assertEquals(s.platform.calls.slice(-3), [1, 1, 2]);
  const a = s.functions.a;
  assertEquals(a.calls.slice(-2), [1, 2]);
  assertEquals(a.errors.slice(-1), [1]);
  assertEquals(a.cold.slice(-2), [1, 0]);
  assertEquals(a.p50.slice(-1), [10]);
  assertEquals(a.p99.slice(-1), [30]);
  assertEquals(a.summary, {
    calls: 3,
    callsPerMin: 0.6,
    errors: 1,
    errorRate: 1 / 3,
    coldStarts: 1,
    p50: 20,
    p99: 30,
  });
  assertEquals(a.calls[29], 1, "the call 30 minutes ago");
  assertEquals(s.functions.b.summary.calls, 1);
  assertEquals(s.oldestKept, NOW - 90 * MIN);
});

Deno.test("computeStats() with a function keeps only its calls", () => {
  const s = computeStats([call("a", 0, 1), call("b", 0, 2)], {
    now: NOW,
    minutes: 10,
    recentMinutes: 5,
    function: "b",
  });
  assertEquals(Object.keys(s.functions), ["b"]);
  assertEquals(s.platform.summary.calls, 1);
});
