/**
 * Every call is visible: refused calls (404, 503) are in history and metrics with their reason,
 * and names that are not registered share one label.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";
import { poll } from "./helpers/wait.ts";

/** The admin API's history record of one call (history appends in batches: it is polled). */
function historyRecord(p: TempPlatform, id: string | null) {
  const headers = { authorization: `Bearer ${p.platform.adminToken.token}` };
  return poll(`the history record of ${id}`, async () => {
    const res = await p.platform.app.request(`/admin/history/${id}`, { headers });
    if (res.status === 200) return await res.json();
    await res.body?.cancel();
  });
}

Deno.test("404 and 503 answers are in history and metrics with their reason", async () => {
  const p = await startTempPlatform(["syntax_error", "pid"]);
  try {
    const missing = await fetch(`${p.url}/fn/nope/x?y=1`);
    assertEquals(missing.status, 404);
    const missingId = missing.headers.get("x-request-id");
    await missing.body?.cancel();
    const broken = await fetch(`${p.url}/fn/syntax_error`);
    assertEquals(broken.status, 503);
    const brokenId = broken.headers.get("x-request-id");
    await broken.body?.cancel();

    const find = (id: string | null) => historyRecord(p, id);
    const notFound = await find(missingId);
    assertEquals([notFound.status, notFound.fn], [404, "(unregistered)"]);
    assertEquals(notFound.path, "/fn/nope/x");
    assert(notFound.error.includes('"nope" is not registered'), notFound.error);
    const notReady = await find(brokenId);
    assertEquals([notReady.status, notReady.fn], [503, "syntax_error"]);
    assert(notReady.error.includes("failed to build"), notReady.error);

    const metrics = await (await p.platform.app.request("/metrics")).text();
    assert(
      metrics.includes('denofn_invocations_total{function="(unregistered)",status="404"} 1'),
      metrics,
    );
    assert(metrics.includes('function="syntax_error",status="503"'));
  } finally {
    await p.close();
  }
});

Deno.test("a 500's history record carries the thrown message and its source line", async () => {
  const p = await startTempPlatform(["throws"]);
  try {
    const res = await fetch(`${p.url}/fn/throws`);
    assertEquals(res.status, 500);
    assertEquals(res.headers.get("x-denofn-error"), null, "the summary is the platform's");
    const id = res.headers.get("x-request-id");
    await res.body?.cancel();
    const record = await historyRecord(p, id);
    assertEquals(record.status, 500);
    assert(/boom from throws \(at index\.ts:1:\d+\)/.test(record.error), record.error);
  } finally {
    await p.close();
  }
});

Deno.test("a caller that goes away mid-call is recorded as 499, not as a 500", async () => {
  const p = await startTempPlatform(["slow"]);
  try {
    const requestId = crypto.randomUUID();
    const abort = new AbortController();
    const call = fetch(`${p.url}/fn/slow?ms=2000`, {
      headers: { "x-request-id": requestId },
      signal: abort.signal,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await call;
    const record = await historyRecord(p, requestId);
    assertEquals(record?.status, 499, JSON.stringify(record));
  } finally {
    await p.close();
  }
});
