/**
 * `/metrics` as Prometheus scrapes it: OpenFaaS-compatible series exist and move with calls,
 * `process_*` and `denofn_build_info` are there, and a removed function's series disappear.
 */
import { parsePrometheusText, type Sample, sampleValue } from "../src/observe/testing.ts";
import { VERSION } from "../src/version.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

Deno.test("/metrics has the OpenFaaS series, moving with calls, and forgets a removed function", async () => {
  const p = await startTempPlatform(["pid", "warm"]);
  try {
    const scrape = async (): Promise<Sample[]> => {
      const res = await fetch(`${p.url}/metrics`);
      assert(res.headers.get("content-type")?.startsWith("text/plain"));
      return parsePrometheusText(await res.text());
    };
    for (let i = 0; i < 3; i++) await (await fetch(`${p.url}/fn/pid`)).body?.cancel();
    await (await fetch(`${p.url}/fn/warm`)).body?.cancel();
    const s = await scrape();
    const pid = { function_name: "pid" };
    assertEquals(sampleValue(s, "gateway_function_invocation_started", pid), 3);
    assertEquals(sampleValue(s, "gateway_function_invocation_total", { ...pid, code: "200" }), 3);
    assertEquals(sampleValue(s, "gateway_functions_seconds_count", { ...pid, code: "200" }), 3);
    assertEquals(sampleValue(s, "gateway_service_count", pid), 1);
    assertEquals(sampleValue(s, "denofn_invocations_total", { function: "pid", status: "200" }), 3);
    assertEquals(
      sampleValue(s, "denofn_cold_start_duration_seconds_count", { function: "pid" }),
      1,
    );
    assertEquals(sampleValue(s, "denofn_build_info", { version: VERSION }), 1);
    assert(sampleValue(s, "process_resident_memory_bytes") > 0);
    assert(
      s.some((x) =>
        x.name === "denofn_build_duration_seconds_count" && x.labels.function === "pid"
      ),
    );

    const auth = { authorization: `Bearer ${p.platform.adminToken.token}` };
    const removed = await fetch(`${p.url}/admin/functions/pid`, {
      method: "DELETE",
      headers: auth,
    });
    assertEquals(removed.status, 200, await removed.text());
    let left: Sample[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await scrape()).filter((x) =>
        x.labels.function === "pid" || x.labels.function_name === "pid"
      );
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assertEquals(left.map((x) => x.name), []);
    const after = await scrape();
    assertEquals(
      sampleValue(after, "gateway_function_invocation_total", {
        function_name: "warm",
        code: "200",
      }),
      1,
    );
  } finally {
    await p.close();
  }
});
