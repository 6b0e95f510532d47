/**
 * Durability on the embedded default: 200 jobs queued, the platform process killed with SIGKILL
 * while they run, then started again on the same data folder. Every job completes; a job runs
 * twice only if it was running when the process died (at most `async.concurrency` of them).
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { until } from "./helpers/async_wait.ts";
import { startPlatformProcess } from "./helpers/platform_process.ts";
import { copyDir } from "./helpers/temp_platform.ts";

const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const TOKEN = "durability-test-admin-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JOBS = 200;
const CONCURRENCY = 4;

async function runsByJob(url: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | null = "";
  for (let page = 0; page < 50 && cursor !== null; page++) {
    const q: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body = await (await fetch(`${url}/store/runs?${q}`, { headers: AUTH })).json();
    for (const item of body.items) {
      const id = item.id.split(".")[0];
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    cursor = body.cursor;
  }
  return counts;
}

Deno.test("async: kill -9 with 200 jobs queued and running loses none", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-durable-" });
  const env = {
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    DENOFN_ADMIN_TOKEN: TOKEN,
  };
  await copyDir(join(FIXTURES, "async_work"), join(env.DENOFN_REGISTRY_IN, "async_work"));
  let platform = await startPlatformProcess(env);
  try {
    const ids: string[] = [];
    for (let batch = 0; batch < JOBS / 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, async () => {
        const res = await fetch(`${platform.url}/async/fn/async_work`, { method: "POST" });
        assertEquals(res.status, 202);
        return (await res.json()).id as string;
      }));
      ids.push(...answers);
    }
    await until(async () => (await runsByJob(platform.url)).size >= 30, 30_000);
    platform.child.kill("SIGKILL");
    await platform.child.status;
    const before = await platform.output();
    assert(!before.includes("shutting down"), "the platform had no chance to shut down");

    platform = await startPlatformProcess(env);
    const url = platform.url;
    await until(async () => {
      const states = await Promise.all(ids.map(async (id) => {
        const res = await fetch(`${url}/async/${id}`);
        await res.body?.cancel();
        return res.headers.get("x-denofn-async-state");
      }));
      return states.every((s) => s === "done");
    }, 60_000);
    const runs = await runsByJob(url);
    assertEquals(ids.filter((id) => !runs.has(id)), [], "every job ran");
    const twice = ids.filter((id) => (runs.get(id) ?? 0) > 1);
    assert(
      twice.length <= CONCURRENCY,
      `ran twice: ${twice.length} (only those running at the kill)`,
    );
    assert(platform.output().includes("rescheduled"), "the restart rescheduled pending jobs");
  } finally {
    await platform.stop();
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
