/**
 * The platform as a user runs it (`src/main/main.ts` in its own process): it reports its address,
 * serves, drains in-flight calls on SIGTERM, and leaves no function process behind.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { alive, copyDir } from "./helpers/temp_platform.ts";

const FIXTURES = new URL("./fixtures/functions/", import.meta.url).pathname;
const MAIN = new URL("../src/main/main.ts", import.meta.url).pathname;

Deno.test("SIGTERM drains in-flight calls and leaves no process behind", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-main-" });
  await copyDir(join(FIXTURES, "slow"), join(root, "registry_in", "slow"));
  await copyDir(join(FIXTURES, "pid"), join(root, "registry_in", "pid"));
  const platform = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", "--unstable-no-legacy-abort", MAIN],
    cwd: root,
    env: { PORT: "0", DENOFN_HOSTNAME: "127.0.0.1", DENOFN_SHUTDOWN_GRACE_MS: "5000" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const lines = platform.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    let url = "";
    while (!url) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`The platform exited before listening:\n${seen}`);
      seen += value;
      url = seen.match(/denofn ready at (http:\/\/\S+)/)?.[1] ?? "";
    }
    const drainOutput = (async () => {
      while (!(await lines.read()).done) { /* keep the pipe flowing */ }
    })();
    const pid = (await fetch(`${url}/fn/pid`).then((r) => r.json())).pid as number;
    assert(alive(pid));
    const inFlight = fetch(`${url}/fn/slow?ms=800`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 300));
    platform.kill("SIGTERM");
    const answer = await inFlight;
    assertEquals(answer.ms, 800, "the in-flight call finished");
    const status = await platform.status;
    await drainOutput;
    assertEquals(status.code, 0);
    assert(!alive(pid), "the function process is gone");
    assert(!alive(answer.pid), "the slow function process is gone");
  } finally {
    try {
      platform.kill("SIGKILL");
    } catch { /* already exited */ }
    await platform.status;
    await Deno.remove(root, { recursive: true });
  }
});
