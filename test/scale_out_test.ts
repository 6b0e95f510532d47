/**
 * Scale-out on a real `nats-server -js`: a registry process and two gateway processes (`gw-a`,
 * `gw-b`) on one NATS and one shared registry volume, as `docker-compose.scale.yml` runs them.
 *
 * - a deploy through A answers once B routes it too (B serves the new version at once);
 * - store writes through A are read through B with their versions, conditional writes through
 *   either gateway see the other's, and a write triggers its function once;
 * - a job enqueued on A and running there when A is killed (`kill -9`) is run by B;
 * - the admin history through B lists the calls of both gateways.
 */
import { join } from "node:path";
import { natsTest } from "../src/nats/testing.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import {
  type PlatformProcess,
  reapLeftovers,
  runCli,
  startPlatformProcess,
} from "./helpers/platform_process.ts";
import { copyDir } from "./helpers/temp_platform.ts";
import { poll } from "./helpers/wait.ts";

const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const TOKEN = "scale-out-test-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, "content-type": "application/json" };

/** Polls `f` until it gives a value; a failing `f` (a peer not up yet) counts as not yet. */
const until = <T>(what: string, f: () => Promise<T | undefined>, ms = 30_000) =>
  poll(what, () => f().catch(() => undefined), ms);

async function text(url: string, init?: RequestInit): Promise<string> {
  return await (await fetch(url, init)).text();
}

async function writeGreet(dir: string, version: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "index.ts"), `export default () => "greet ${version}";\n`);
}

natsTest(
  "two gateways on NATS JetStream share deploys, the store, async jobs and history",
  async (nats) => {
    const root = await Deno.makeTempDir({ prefix: "denofn-scale-" });
    for (const name of ["scale_job", "scale_trigger"]) {
      await copyDir(join(FIXTURES, name), join(root, "registry_in", name));
    }
    const shared = {
      DENOFN_REGISTRY_IN: join(root, "registry_in"),
      DENOFN_REGISTRY: join(root, "registry"),
      DENOFN_DATA: join(root, "data"),
      DENOFN_ADMIN_TOKEN: TOKEN,
    };
    const processes: PlatformProcess[] = [];
    const gatewayEnv = (id: string) => ({
      ...shared,
      DENOFN_ROLE: "gateway",
      DENOFN_REGISTRY_URL: processes[0].url,
      DENOFN_NATS_URL: nats.url,
      DENOFN_GATEWAY_ID: id,
      DENOFN_NATS_ACK_WAIT_MS: "1500",
    });
    try {
      processes.push(await startPlatformProcess({ ...shared, DENOFN_ROLE: "registry" }));
      const a = await startPlatformProcess(gatewayEnv("gw-a"));
      processes.push(a);
      let b = await startPlatformProcess(gatewayEnv("gw-b"));
      processes.push(b);

      // A deploy through A is routed by B before it answers.
      const src = join(root, "src", "greet");
      for (const version of ["v1", "v2"]) {
        await writeGreet(src, version);
        const deployed = await runCli(["deploy", src, "--url", a.url, "--token", TOKEN, "--json"]);
        assertEquals(deployed.code, 0, deployed.stderr);
        const answer = deployed.json();
        assertEquals(answer.build.status, "ready");
        assertEquals(answer.gateways?.lagging, [], JSON.stringify(answer.gateways));
        assertEquals(answer.gateways?.routed, ["gw-a", "gw-b"]);
        assertEquals(await text(`${b.url}/fn/greet`), `greet ${version}`);
        assertEquals(await text(`${a.url}/fn/greet`), `greet ${version}`);
      }

      // Store writes through A are read through B, with versions both sides respect.
      const doc = (url: string, init: RequestInit = {}) => fetch(`${url}/store/notes/n1`, init);
      const put = (url: string, data: unknown, ifMatch?: string) =>
        doc(url, {
          method: "PUT",
          headers: ifMatch ? { ...JSON_AUTH, "if-match": ifMatch } : JSON_AUTH,
          body: JSON.stringify(data),
        });
      let res = await put(a.url, { text: "from a" });
      assertEquals([res.status, res.headers.get("etag")], [201, '"1"']);
      await res.body?.cancel();
      res = await doc(b.url, { headers: AUTH });
      assertEquals([res.headers.get("etag"), await res.json()], ['"1"', { text: "from a" }]);
      res = await put(b.url, { text: "from b" }, '"1"');
      assertEquals([res.status, res.headers.get("etag")], [200, '"2"']);
      await res.body?.cancel();
      res = await put(a.url, { text: "stale" }, '"1"');
      assertEquals(res.status, 412);
      await res.body?.cancel();
      res = await doc(a.url, { headers: AUTH });
      assertEquals([res.headers.get("etag"), await res.json()], ['"2"', { text: "from b" }]);

      // Each change triggers scale_trigger once, whichever gateway runs it.
      const seen = await until("both changes to be seen", async () => {
        const body = await (await fetch(`${b.url}/store/seen`, { headers: AUTH })).json();
        const ids = (body.items as { id: string }[]).map((i) =>
          i.id.split(".").slice(0, 2).join(".")
        );
        return ids.length >= 2 ? ids : undefined;
      });
      await new Promise((r) => setTimeout(r, 500)); // a second delivery would show up by now
      const again = await (await fetch(`${a.url}/store/seen`, { headers: AUTH })).json();
      assertEquals(seen.sort(), ["n1.1", "n1.2"]);
      assertEquals(again.items.length, 2);

      // A job enqueued on A and running there when A is killed is run by B. B is stopped first,
      // so that A is the one that takes the job.
      await b.stop();
      processes.splice(processes.indexOf(b), 1);
      res = await fetch(`${a.url}/async/fn/scale_job?ms=4000`, { method: "POST" });
      assertEquals(res.status, 202);
      const { id } = await res.json();
      await until("A to run the job", async () => {
        const job = await (await fetch(`${a.url}/admin/async/jobs/${id}`, { headers: AUTH }))
          .json();
        return job.state === "running" ? job : undefined;
      });
      b = await startPlatformProcess(gatewayEnv("gw-b"));
      processes.push(b);
      a.child.kill("SIGKILL");
      await a.child.status;
      processes.splice(processes.indexOf(a), 1);
      const done = await until("B to finish the job", async () => {
        const job = await (await fetch(`${b.url}/admin/async/jobs/${id}`, { headers: AUTH }))
          .json();
        return job.state === "done" || job.state === "dead" ? job : undefined;
      });
      assertEquals([done.state, done.attempts], ["done", 2]);
      const runs = await (await fetch(`${b.url}/store/runs`, { headers: AUTH })).json();
      assertEquals(
        runs.items.map((
          i: { id: string; data: { attempt: string } },
        ) => [i.id.split(".")[0], i.data]),
        [[id, { attempt: "2" }]],
        "only B's attempt ran to its end",
      );

      // The history through B holds the calls of both gateways, each with its gateway id.
      const history = await until("the merged history", async () => {
        const body = await (await fetch(`${b.url}/admin/history?limit=100`, { headers: AUTH }))
          .json();
        const records = body.records as { fn: string; gateway: string; trigger?: string }[];
        const ranOnB = records.some((r) => r.fn === "scale_job" && r.gateway === "gw-b");
        return ranOnB && records.some((r) => r.gateway === "gw-a") ? records : undefined;
      });
      const greetedBy = history.filter((r) => r.fn === "greet").map((r) => r.gateway).sort();
      assertEquals(greetedBy, ["gw-a", "gw-a", "gw-b", "gw-b"]);
      assert(history.some((r) => r.fn === "scale_trigger"), "trigger runs are in the history");
      const metrics = await text(`${b.url}/metrics`);
      assert(
        metrics.includes('denofn_gateway_info{gateway="gw-b"} 1'),
        "the gateway id on /metrics",
      );
    } finally {
      for (const p of processes.reverse()) await p.stop();
      await reapLeftovers(root); // gateways killed with kill -9 left their socket folders
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
);

Deno.test("docker-compose.scale.yml and docker-stack.yml are valid compose files", async () => {
  const root = new URL("..", import.meta.url).pathname;
  for (const file of ["docker-compose.scale.yml", "docker-stack.yml"]) {
    const out = await new Deno.Command("docker-compose", {
      args: ["-f", file, "-p", "denofn-scale-config", "config"],
      cwd: root,
      env: { DENOFN_ADMIN_TOKEN: "config-check-token" },
      stdout: "piped",
      stderr: "piped",
    }).output().catch((e) => {
      throw new Error(`docker-compose is needed (apt-get install -y docker-compose): ${e.message}`);
    });
    const config = new TextDecoder().decode(out.stdout);
    assert(out.success, `${file}: ${new TextDecoder().decode(out.stderr)}`);
    assert(config.includes("DENOFN_NATS_URL: nats://nats:4222"), `${file} wires gateways to NATS`);
  }
  const stack = await Deno.readTextFile(join(root, "docker-stack.yml"));
  assert(/order: start-first/.test(stack), "rolling updates start the new gateway first");
});
