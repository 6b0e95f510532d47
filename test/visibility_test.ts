/**
 * Every call is visible: refused calls (404, 503) are in history and metrics with their reason,
 * and names that are not registered share one label.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

Deno.test("404 and 503 answers are in history and metrics with their reason", async () => {
  const p = await startTempPlatform(["syntax_error", "pid"]);
  try {
    const auth = { authorization: `Bearer ${p.platform.adminToken.token}` };
    const missing = await fetch(`${p.url}/fn/nope/x?y=1`);
    assertEquals(missing.status, 404);
    const missingId = missing.headers.get("x-request-id");
    await missing.body?.cancel();
    const broken = await fetch(`${p.url}/fn/syntax_error`);
    assertEquals(broken.status, 503);
    const brokenId = broken.headers.get("x-request-id");
    await broken.body?.cancel();

    const find = async (id: string | null) => {
      for (let i = 0; i < 50; i++) {
        const res = await p.platform.app.request(`/admin/history/${id}`, { headers: auth });
        if (res.status === 200) return await res.json();
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 50)); // history appends in batches
      }
      throw new Error(`no history record for ${id}`);
    };
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
    const auth = { authorization: `Bearer ${p.platform.adminToken.token}` };
    const res = await fetch(`${p.url}/fn/throws`);
    assertEquals(res.status, 500);
    assertEquals(res.headers.get("x-denofn-error"), null, "the summary is the platform's");
    const id = res.headers.get("x-request-id");
    await res.body?.cancel();
    let record;
    for (let i = 0; i < 50 && !record; i++) {
      const r = await p.platform.app.request(`/admin/history/${id}`, { headers: auth });
      if (r.status === 200) record = await r.json();
      else await new Promise((ok) => setTimeout(ok, 50));
    }
    assertEquals(record.status, 500);
    assert(/boom from throws \(at index\.ts:1:\d+\)/.test(record.error), record.error);
  } finally {
    await p.close();
  }
});

Deno.test("a caller that goes away mid-call is recorded as 499, not as a 500", async () => {
  const p = await startTempPlatform(["slow"]);
  try {
    const auth = { authorization: `Bearer ${p.platform.adminToken.token}` };
    const requestId = crypto.randomUUID();
    const abort = new AbortController();
    const call = fetch(`${p.url}/fn/slow?ms=2000`, {
      headers: { "x-request-id": requestId },
      signal: abort.signal,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await call;
    let record;
    for (let i = 0; i < 60 && !record; i++) {
      const r = await p.platform.app.request(`/admin/history/${requestId}`, { headers: auth });
      if (r.status === 200) record = await r.json();
      else await new Promise((ok) => setTimeout(ok, 50));
    }
    assertEquals(record?.status, 499, JSON.stringify(record));
  } finally {
    await p.close();
  }
});
