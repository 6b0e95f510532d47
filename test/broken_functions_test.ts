/**
 * The catalogue of broken functions: each gets its documented status, and the gateway and every
 * other function keep answering.
 */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const BROKEN = [
  "throws",
  "hangs",
  "busy_loop",
  "exits",
  "heap_hog",
  "crash_modes",
  "perm_read",
  "perm_env",
  "perm_net",
  "syntax_error",
  "bad_manifest",
  "boot_throw",
];

async function call(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, string> = {};
  try {
    json = JSON.parse(text);
  } catch { /* not JSON */ }
  return { status: res.status, text, json, headers: res.headers };
}

Deno.test("broken functions get their documented status and harm no other function", async (t) => {
  const p = await startTempPlatform([...BROKEN, "pid"]);
  const healthy = async () => {
    const r = await call(`${p.url}/fn/pid`);
    assertEquals(r.status, 200, `pid answered ${r.status}: ${r.text}`);
  };
  try {
    await t.step("a throw is a 500 with a JSON error", async () => {
      const r = await call(`${p.url}/fn/throws`);
      assertEquals(r.status, 500);
      assertMatch(r.json.error, /boom from throws/);
      assertEquals(r.json.function, "throws");
      assert(r.json.requestId);
      await healthy();
    });
    await t.step("a hanging call is a 504 after timeoutMs", async () => {
      const started = Date.now();
      const r = await call(`${p.url}/fn/hangs`);
      assertEquals(r.status, 504);
      assertEquals(r.json.code, "function_timed_out");
      assert(Date.now() - started < 3000);
      await healthy();
    });
    await t.step("a busy loop is a 504 and its instance is killed", async () => {
      const r = await call(`${p.url}/fn/busy_loop`);
      assertEquals(r.status, 504);
      assertEquals(p.supervisor.pool("busy_loop").slots.length, 0);
      await healthy();
    });
    await t.step(
      "Deno.exit is a 502, and the call made at once gets a fresh instance",
      async () => {
        const first = await call(`${p.url}/fn/exits`);
        assertEquals(first.status, 200);
        const r = await call(`${p.url}/fn/exits/exit`);
        assertEquals(r.status, 502);
        assertMatch(r.json.error, /exited \(code 3\)/);
        await healthy();
        const again = await call(`${p.url}/fn/exits`);
        assertEquals(again.status, 200);
        assert(again.text !== first.text, "a new process answers");
      },
    );
    await t.step("five crashes in a row (exit, heap) each followed at once by a 200", async () => {
      const pids = new Set<string>();
      for (const mode of ["exit", "oom", "exit", "oom", "exit"]) {
        const crash = await call(`${p.url}/fn/crash_modes/${mode}`);
        assertEquals(crash.status, 502, `${mode}: ${crash.text}`);
        const next = await call(`${p.url}/fn/crash_modes`);
        assertEquals(next.status, 200, `after ${mode}: ${next.text}`);
        pids.add(next.text);
      }
      assertEquals(pids.size, 5, "each crash is followed by a fresh process");
      await healthy();
    });
    await t.step("a heap blow-up is a 502 and does not take the gateway down", async () => {
      const r = await call(`${p.url}/fn/heap_hog`);
      assertEquals(r.status, 502, r.text);
      await healthy();
    });
    await t.step("reaching for an ungranted file or host is a 500 naming it", async () => {
      const read = await call(`${p.url}/fn/perm_read`);
      assertEquals(read.status, 500);
      assertMatch(read.json.error, /read access to "\/etc\/hostname"/);
      // An env var it was not given reads as unset (its environment holds nothing else).
      const env = await call(`${p.url}/fn/perm_env`);
      assertEquals([env.status, env.text], [200, "no HOME"]);
      const net = await call(`${p.url}/fn/perm_net`);
      assertEquals(net.status, 500);
      assertMatch(net.json.error, /net access to "127\.0\.0\.1:65432"/);
      await healthy();
    });
    await t.step("a syntax error is a 503 with the bundler's message", async () => {
      const r = await call(`${p.url}/fn/syntax_error`);
      assertEquals(r.status, 503);
      assertMatch(r.json.error, /failed to build/);
      assertMatch(r.json.error, /index\.ts/);
    });
    await t.step("a registry.json typo is a 503 naming the key", async () => {
      const r = await call(`${p.url}/fn/bad_manifest`);
      assertEquals(r.status, 503);
      assertMatch(r.json.error, /timeoutMS/);
    });
    await t.step("a throw at boot is a 503 with the error and Retry-After", async () => {
      const r = await call(`${p.url}/fn/boot_throw`);
      assertEquals(r.status, 503);
      assertMatch(r.json.error, /boom at boot/);
      assert(Number(r.headers.get("retry-after")) >= 1);
    });
    await t.step("fixed code works on the next call", async () => {
      await p.write("syntax_error", "index.ts", 'export default () => "fixed";\n');
      const r = await call(`${p.url}/fn/syntax_error`);
      assertEquals(r.status, 200);
      assertEquals(r.text, "fixed");
      await p.write("boot_throw", "index.ts", 'export default () => "booted";\n');
      const b = await call(`${p.url}/fn/boot_throw`);
      assertEquals(b.text, "booted");
    });
  } finally {
    await p.close();
  }
});
