import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { assertThrows } from "../../test/helpers/assert.ts";
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
    assertThrows(() => parsePrometheusText(bad), bad);
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

Deno.test("createMetrics() also exports OpenFaaS's names, build info and process metrics", async () => {
  const metrics = createMetrics({ version: "9.9.9", processMetrics: true });
  metrics.setLoadReader(() => ({ hello: { instances: 2, inFlight: 1, queued: 0 } }));
  const base = { method: "GET", path: "/", startedAt: 0, cold: false, requestId: "r" };
  metrics.onStart("hello");
  metrics.onStart("hello");
  metrics.onInvocation({ ...base, fn: "hello", status: 200, durationMs: 30 });
  metrics.onInvocation({ ...base, fn: "hello", status: 502, durationMs: 3000 });
  const s = parsePrometheusText(await metrics.render());
  const fn = { function_name: "hello" };
  assertEquals(sampleValue(s, "gateway_function_invocation_started", fn), 2);
  assertEquals(sampleValue(s, "gateway_function_invocation_total", { ...fn, code: "200" }), 1);
  assertEquals(sampleValue(s, "gateway_function_invocation_total", { ...fn, code: "502" }), 1);
  assertEquals(sampleValue(s, "gateway_functions_seconds_count", { ...fn, code: "502" }), 1);
  assertEquals(
    sampleValue(s, "gateway_functions_seconds_bucket", { ...fn, code: "200", le: "0.05" }),
    1,
  );
  assertEquals(sampleValue(s, "gateway_service_count", fn), 2);
  assertEquals(sampleValue(s, "gateway_function_invocation_inflight", fn), 1);
  assertEquals(sampleValue(s, "denofn_build_info", { version: "9.9.9" }), 1);
  assert(sampleValue(s, "process_resident_memory_bytes") > 0);
  assert(s.some((x) => x.name === "process_cpu_seconds_total"));
});

Deno.test("Metrics.forget() drops every series of a removed function", async () => {
  const metrics = createMetrics();
  const base = { method: "GET", path: "/", startedAt: 0, requestId: "r", durationMs: 5 };
  for (const fn of ["gone", "kept"]) {
    metrics.onStart(fn);
    metrics.onInvocation({ ...base, fn, status: 200, cold: true, coldStartMs: 20 });
    metrics.onInvocation({ ...base, fn, status: 500, cold: false });
    metrics.observeBuild(fn, 100, true);
    metrics.observeBuild(fn, 100, false);
  }
  metrics.forget("gone");
  const s = parsePrometheusText(await metrics.render());
  const left = s.filter((x) => x.labels.function === "gone" || x.labels.function_name === "gone");
  assertEquals(left.map((x) => x.name), []);
  assertEquals(sampleValue(s, "denofn_invocations_total", { function: "kept", status: "500" }), 1);
  assertEquals(sampleValue(s, "gateway_function_invocation_started", { function_name: "kept" }), 1);
  metrics.onInvocation({ ...base, fn: "gone", status: 200, cold: false });
  const again = parsePrometheusText(await metrics.render());
  assertEquals(
    sampleValue(again, "denofn_invocations_total", { function: "gone", status: "200" }),
    1,
  );
});
