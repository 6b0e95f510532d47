/**
 * Async across gateways under loss: jobs with callbacks enqueued through gateway A, then A and B
 * killed (`kill -9`) in turn while they run them. Every job completes, every callback arrives, no
 * job is lost; a job runs twice only if it was running on a killed gateway.
 */
import { join } from "node:path";
import { natsTest } from "../src/nats/testing.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import {
  type PlatformProcess,
  reapLeftovers,
  startPlatformProcess,
} from "./helpers/platform_process.ts";
import { copyDir } from "./helpers/temp_platform.ts";
import { poll } from "./helpers/wait.ts";

/** Polls `f` until it gives a value; a failing `f` (a peer not up yet) counts as not yet. */
const until = <T>(what: string, f: () => Promise<T | undefined>, ms = 60_000) =>
  poll(what, () => f().catch(() => undefined), ms);

const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const TOKEN = "scale-durability-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JOBS = 60;
/** Async runs per gateway at once (`scale_job`'s `async.concurrency`). */
const CONCURRENCY = 4;

async function runsByJob(url: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const body = await (await fetch(`${url}/store/runs?limit=1000`, { headers: AUTH })).json();
  for (const item of body.items as { id: string }[]) {
    const id = item.id.split(".")[0];
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

natsTest(
  "jobs enqueued on A survive kill -9 of A and then of B, callbacks included",
  async (nats) => {
    const root = await Deno.makeTempDir({ prefix: "denofn-scale-loss-" });
    await copyDir(join(FIXTURES, "scale_job"), join(root, "registry_in", "scale_job"));
    const shared = {
      DENOFN_REGISTRY_IN: join(root, "registry_in"),
      DENOFN_REGISTRY: join(root, "registry"),
      DENOFN_DATA: join(root, "data"),
      DENOFN_ADMIN_TOKEN: TOKEN,
    };
    const callbacks = new Map<string, number>();
    const hook = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      await req.body?.cancel();
      const id = req.headers.get("x-denofn-async-id") ?? "";
      callbacks.set(id, (callbacks.get(id) ?? 0) + 1);
      return new Response("ok");
    });
    const processes: PlatformProcess[] = [];
    const start = async (id: string) => {
      const p = await startPlatformProcess({
        ...shared,
        DENOFN_ROLE: "gateway",
        DENOFN_REGISTRY_URL: processes[0].url,
        DENOFN_NATS_URL: nats.url,
        DENOFN_GATEWAY_ID: id,
        DENOFN_NATS_ACK_WAIT_MS: "1500",
      });
      processes.push(p);
      return p;
    };
    const kill = async (p: PlatformProcess) => {
      p.child.kill("SIGKILL");
      await p.child.status;
      processes.splice(processes.indexOf(p), 1);
    };
    const running = async (url: string) => {
      const body = await (await fetch(`${url}/admin/async/jobs?state=running&limit=100`, {
        headers: AUTH,
      })).json();
      return (body.jobs as unknown[]).length;
    };
    try {
      processes.push(await startPlatformProcess({ ...shared, DENOFN_ROLE: "registry" }));
      const a = await start("gw-a");
      const b = await start("gw-b");
      const hookUrl = `http://127.0.0.1:${hook.addr.port}/done`;
      const ids: string[] = [];
      for (let i = 0; i < JOBS; i++) {
        const res = await fetch(`${a.url}/async/fn/scale_job?ms=400`, {
          method: "POST",
          headers: { "x-callback-url": hookUrl, "idempotency-key": `job-${i}` },
        });
        assertEquals(res.status, 202);
        ids.push((await res.json()).id);
      }
      // A repeat with an idempotency key is the same job, through either gateway.
      const again = await fetch(`${b.url}/async/fn/scale_job?ms=400`, {
        method: "POST",
        headers: { "x-callback-url": hookUrl, "idempotency-key": "job-0" },
      });
      assertEquals((await again.json()).id, ids[0]);

      // Kill A while jobs run, then B once the restarted A runs some too.
      await until("jobs to run", async () => (await running(b.url)) > 0 ? true : undefined);
      await kill(a);
      const a2 = await start("gw-a");
      await until(
        "the first runs to end",
        async () => (await runsByJob(b.url)).size >= 10 || undefined,
      );
      await kill(b);

      let states = "";
      await until("every job to finish", async () => {
        const body = await (await fetch(`${a2.url}/admin/async/jobs?limit=200`, { headers: AUTH }))
          .json();
        const jobs = (body.jobs as { id: string; state: string }[]).filter((j) =>
          ids.includes(j.id)
        );
        states = JSON.stringify(jobs.filter((j) => j.state !== "done"));
        return jobs.filter((j) => j.state === "done").length === JOBS ? true : undefined;
      }, 90_000).catch((e) => {
        throw new Error(`${e.message}; not done: ${states}\n${a2.output().slice(-3000)}`);
      });
      await until(
        "every callback",
        () => Promise.resolve(ids.every((id) => callbacks.has(id)) || undefined),
      );
      const listed = await (await fetch(`${a2.url}/admin/async/jobs?limit=200`, { headers: AUTH }))
        .json();
      const takenOver = (listed.jobs as { attempts: number }[]).filter((j) => j.attempts > 1);
      assert(takenOver.length > 0, "some jobs were running on a killed gateway and ran again");
      const runs = await runsByJob(a2.url);
      assertEquals(ids.filter((id) => !runs.has(id)), [], "every job ran to its end");
      const twice = ids.filter((id) => (runs.get(id) ?? 0) > 1);
      assert(
        twice.length <= 2 * CONCURRENCY * 2,
        `ran twice: ${twice.length} (only those running on a killed gateway may)`,
      );
    } finally {
      for (const p of processes.reverse()) await p.stop();
      await reapLeftovers(root); // gateways killed with kill -9 left their socket folders
      await hook.shutdown();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
);
