/**
 * Nothing is left behind: after `kill -9` of the platform, its function processes end (their
 * stdin pipe closes), and the next start reaps any that could not notice (a stuck event loop) and
 * removes the old socket folder before serving.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startPlatformProcess } from "./helpers/platform_process.ts";
import { alive, copyDir } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";

const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const WARM = ["pid", "warm", "echo_body", "slow", "spin"];

Deno.test("kill -9 of the platform leaves no function process or socket folder after a restart", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-kill9-" });
  for (const name of WARM) await copyDir(join(FIXTURES, name), join(root, "registry_in", name));
  const env = {
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    DENOFN_ADMIN_TOKEN: "kill9-token-0123456789",
  };
  const first = await startPlatformProcess(env);
  let second: Awaited<ReturnType<typeof startPlatformProcess>> | undefined;
  try {
    for (const name of WARM) await (await fetch(`${first.url}/fn/${name}`)).body?.cancel();
    const listed = await (await fetch(`${first.url}/admin/functions`, {
      headers: { authorization: `Bearer ${env.DENOFN_ADMIN_TOKEN}` },
    })).json();
    const pids: number[] = listed.functions.flatMap((f: { instances: { pid: number }[] }) =>
      f.instances.map((i) => i.pid)
    );
    assertEquals(pids.length, WARM.length, JSON.stringify(listed));
    const socketDir = await Deno.readTextFile(join(root, "data", "run", "all", "socket_dir"));
    // One instance is stuck in a busy loop when the platform dies: it cannot notice by itself.
    const spinning = fetch(`${first.url}/fn/spin/spin`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill("SIGKILL");
    await first.child.status;
    await spinning;

    await until(
      "every idle instance to end with its platform",
      () => pids.filter(alive).length <= 1,
    );
    second = await startPlatformProcess(env);
    assert(second.output().includes("stopped 1 function process(es) left by a previous run"));
    await until("the stuck instance to be reaped", () => pids.every((pid) => !alive(pid)));
    assertEquals(await Deno.stat(socketDir).then(() => true, () => false), false);
    assertEquals(await (await fetch(`${second.url}/fn/warm`)).status, 200);
  } finally {
    await second?.stop();
    await first.stop();
    await Deno.remove(root, { recursive: true });
  }
});
