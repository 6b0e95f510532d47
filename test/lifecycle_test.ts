/** Instance lifecycle over real processes: cold bursts, idle kill, health checks, new code. */
import { assert, assertEquals } from "./helpers/assert.ts";
import { alive, startTempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";

const text = (url: string) => fetch(url).then((r) => r.text());

Deno.test("instances follow their lifecycle", async (t) => {
  const p = await startTempPlatform(["pid", "idle", "health_block", "slow", "warm"]);
  try {
    await t.step("warmupOnStart starts an instance before any call", async () => {
      await until("warm has an instance", () => p.supervisor.pool("warm").slots.length > 0);
      const pid = p.supervisor.pool("warm").slots[0].instance.pid;
      assertEquals(await text(`${p.url}/fn/warm`), String(pid));
    });
    await t.step("a cold burst of concurrent calls shares one spawn", async () => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => fetch(`${p.url}/fn/pid`).then((r) => r.json())),
      );
      assertEquals(new Set(answers.map((a) => a.pid)).size, 1);
    });
    await t.step("an idle instance is killed after idleTimeoutSec, never mid-call", async () => {
      const pid = Number(await text(`${p.url}/fn/idle`));
      assert(alive(pid));
      await until("the idle instance is gone", () => !alive(pid), 4000);
      const next = Number(await text(`${p.url}/fn/idle`));
      assert(next !== pid, "a fresh instance answers");
    });
    await t.step("a stuck event loop fails its health check and is replaced", async () => {
      const pid = Number(await text(`${p.url}/fn/health_block/block`));
      await until("the stuck instance is killed", () => !alive(pid), 4000);
      const next = Number(await text(`${p.url}/fn/health_block`));
      assert(next !== pid);
    });
    await t.step("new code takes new calls while old calls finish on old code", async () => {
      const slowCall = fetch(`${p.url}/fn/slow?ms=700`).then((r) => r.json());
      await until("the slow call runs", () => p.supervisor.pool("slow").inFlight === 1);
      const oldPid = p.supervisor.pool("slow").slots[0].instance.pid!;
      const source = await Deno.readTextFile(`${p.inDir}/slow/index.ts`);
      await p.write(
        "slow",
        "index.ts",
        source.replace("{ pid: Deno.pid, ms }", "{ pid: Deno.pid, ms, v: 2 }"),
      );
      const fresh = await fetch(`${p.url}/fn/slow?ms=1`).then((r) => r.json());
      assertEquals(fresh.v, 2);
      const old = await slowCall;
      assertEquals(old.pid, oldPid);
      assertEquals(old.v, undefined);
      await until("the old instance drained", () => !alive(oldPid));
    });
    await t.step("log lines carry the request id of their call", async () => {
      await fetch(`${p.url}/fn/slow?ms=5`, { headers: { "x-request-id": "log-me" } }).then((r) =>
        r.text()
      );
      await until(
        "the line is logged",
        () =>
          p.logs.some((l) => l.fn === "slow" && l.line === "slept 5" && l.requestId === "log-me"),
      );
    });
    await t.step("a deleted function folder unregisters it", async () => {
      const pid = Number(await text(`${p.url}/fn/idle`));
      await Deno.remove(`${p.inDir}/idle`, { recursive: true });
      await until("idle is 404", async () => {
        const r = await fetch(`${p.url}/fn/idle`);
        await r.body?.cancel();
        return r.status === 404;
      });
      await until("its instance stopped", () => !alive(pid));
    });
  } finally {
    await p.close();
  }
});
