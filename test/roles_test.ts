/**
 * The compose roles as compose runs them: a `registry` process and a `gateway` process of the
 * same entry, sharing `registry_in/`, `registry/` and the data folder, driven by the real CLI
 * against the gateway: deploy, call, logs, history, metrics — the same surface as one process.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { runCli, startPlatformProcess } from "./helpers/platform_process.ts";
import { poll } from "./helpers/wait.ts";

const TOKEN = "roles-test-token-0123456789";

Deno.test("registry and gateway as two processes serve the whole surface to the CLI", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-roles-" });
  const shared = {
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    DENOFN_ADMIN_TOKEN: TOKEN,
  };
  const registry = await startPlatformProcess({ ...shared, DENOFN_ROLE: "registry" });
  const gateway = await startPlatformProcess({
    ...shared,
    DENOFN_ROLE: "gateway",
    DENOFN_REGISTRY_URL: registry.url,
  }).catch(async (e) => {
    await registry.stop();
    throw e;
  });
  const auth = ["--url", gateway.url, "--token", TOKEN];
  try {
    for (const [url, role] of [[registry.url, "registry"], [gateway.url, "gateway"]]) {
      assertEquals((await fetch(`${url}/healthz`).then((r) => r.json())).status, "ok", role);
      assertEquals((await fetch(`${url}/readyz`).then((r) => r.json())).status, "ready", role);
    }
    const src = join(root, "src", "greet");
    await Deno.mkdir(src, { recursive: true });
    await Deno.writeTextFile(
      join(src, "index.ts"),
      `export default (req: Request) => { console.log("greeting"); return "v1 " + new URL(req.url).pathname; };`,
    );
    await Deno.writeTextFile(
      join(src, "registry.json"),
      JSON.stringify({ test: { request: { path: "/t" }, expect: { bodyContains: "v1 /t" } } }),
    );
    const deployed = await runCli(["deploy", src, ...auth, "--json"]);
    assertEquals(deployed.code, 0, deployed.stderr);
    assertEquals(deployed.json().build.status, "ready");
    // Routed before the deploy answered: the very next call reaches it.
    assertEquals(await fetch(`${gateway.url}/fn/greet/a`).then((r) => r.text()), "v1 /a");

    const listed = await runCli(["ls", ...auth, "--json"]);
    assertEquals(listed.code, 0, listed.stderr);
    assert(JSON.stringify(listed.json()).includes('"greet"'), listed.stdout);
    const invoked = await runCli(["invoke", "greet", "--path", "/b", ...auth, "--json"]);
    assertEquals(invoked.code, 0, invoked.stderr);
    const requestId = invoked.json().requestId as string;
    assert(requestId, invoked.stdout);

    const history = await poll("the call in history", async () => {
      const r = await runCli(["history", requestId, ...auth, "--json"]);
      return r.code === 0 ? r.json() : undefined;
    });
    assertEquals(history.status, 200);
    const logs = await poll("the call's log line", async () => {
      const r = await runCli(["logs", "greet", "--request", requestId, ...auth, "--json"]);
      const lines: { line: string }[] = r.code === 0
        ? r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l))
        : [];
      return lines.some((l) => l.line === "greeting") ? lines : undefined;
    });
    assert(logs.length >= 1);
    const metrics = await fetch(`${gateway.url}/metrics`).then((r) => r.text());
    assert(/denofn_invocations_total\{[^}]*function="greet"/.test(metrics), metrics.slice(0, 500));

    const removed = await runCli(["rm", "greet", ...auth, "--json"]);
    assertEquals(removed.code, 0, removed.stderr + removed.stdout);
    assertEquals((await fetch(`${gateway.url}/fn/greet`)).status, 404);
  } finally {
    assertEquals((await gateway.stop()).code, 0);
    assertEquals((await registry.stop()).code, 0);
    await Deno.remove(root, { recursive: true });
  }
});
