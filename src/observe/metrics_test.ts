import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createMetrics } from "./metrics.ts";
import { parsePrometheusText, sampleValue } from "./testing.ts";

Deno.test("createMetrics() renders Prometheus text that counts what happened", async () => {
  const metrics = createMetrics({ instances: () => ({ hello: 2 }) });
  const base = { method: "GET", path: "/", startedAt: 0, durationMs: 12, cold: false };
  metrics.onInvocation({ ...base, requestId: "a", fn: "hello", status: 200 });
  metrics.onInvocation({ ...base, requestId: "b", fn: "hello", status: 200 });
  metrics.onInvocation({
    ...base,
    requestId: "c",
    fn: "hello",
    status: 500,
    cold: true,
    coldStartMs: 40,
    durationMs: 2500,
  });
  metrics.observeBuild("hello", 300, true);
  const done = metrics.trackInflight("hello");
  metrics.trackInflight("slow");

  const text = await metrics.render();
  assert(metrics.contentType.startsWith("text/plain; version=0.0.4"));
  const s = parsePrometheusText(text);
  const fn = { function: "hello" };
  assertEquals(sampleValue(s, "denofn_invocations_total", { ...fn, status: "200" }), 2);
  assertEquals(sampleValue(s, "denofn_invocations_total", { ...fn, status: "500" }), 1);
  assertEquals(sampleValue(s, "denofn_invocation_duration_seconds_count", fn), 3);
  assertEquals(sampleValue(s, "denofn_invocation_duration_seconds_bucket", { ...fn, le: "1" }), 2);
  assertEquals(sampleValue(s, "denofn_cold_starts_total", fn), 1);
  assertEquals(sampleValue(s, "denofn_cold_start_duration_seconds_sum", fn), 0.04);
  assertEquals(sampleValue(s, "denofn_instances", fn), 2);
  assertEquals(sampleValue(s, "denofn_inflight", fn), 1);
  assertEquals(sampleValue(s, "denofn_inflight", { function: "slow" }), 1);
  assertEquals(sampleValue(s, "denofn_build_duration_seconds_count", { ...fn, result: "ok" }), 1);

  done();
  done();
  metrics.setInstanceReader(() => ({}));
  const after = parsePrometheusText(await metrics.render());
  assertEquals(sampleValue(after, "denofn_inflight", fn), 0);
  assertEquals(after.filter((x) => x.name === "denofn_instances").length, 0);
});

Deno.test("parsePrometheusText() rejects malformed lines", () => {
  for (const bad of ["foo{a=b} 1", "foo 1 2 3", "# TYPE foo nonsense", "9foo 1", "foo abc"]) {
    let threw = false;
    try {
      parsePrometheusText(bad);
    } catch {
      threw = true;
    }
    assert(threw, bad);
  }
});

Deno.test("createMetrics() reads instances, in-flight and queued calls at each scrape", async () => {
  const metrics = createMetrics();
  let load = { hello: { instances: 1, inFlight: 3, queued: 2 } };
  metrics.setLoadReader(() => load);
  let text = parsePrometheusText(await metrics.render());
  assertEquals(sampleValue(text, "denofn_instances", { function: "hello" }), 1);
  assertEquals(sampleValue(text, "denofn_inflight", { function: "hello" }), 3);
  assertEquals(sampleValue(text, "denofn_queue_depth", { function: "hello" }), 2);
  load = { hello: { instances: 0, inFlight: 0, queued: 0 } };
  text = parsePrometheusText(await metrics.render());
  assertEquals(sampleValue(text, "denofn_inflight", { function: "hello" }), 0);
});
