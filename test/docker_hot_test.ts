/**
 * Hot mode (`"container": {"keep": "hot"}`): an idle container is paused rather than stopped,
 * its next call resumes it and is answered by it; health checks leave it frozen; a redeploy, the
 * function's removal and the platform's close remove it like any other.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";
import { DockerSandbox, dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";
import { listContainers, removeFunctionImages, removeNetwork } from "../src/docker/mod.ts";
import { runDocker } from "../src/docker/engine/cli.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/docker/", import.meta.url));
const TEMPLATES = fileURLToPath(new URL("../templates", import.meta.url));

/** `running`, `paused` or `gone`. */
async function stateOf(containerId: string): Promise<string> {
  const r = await runDocker(["inspect", "-f", "{{.State.Paused}}", containerId]);
  if (r.code !== 0) return "gone";
  return r.stdout.trim() === "true" ? "paused" : "running";
}

const call = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

dockerTest(
  "a hot instance pauses on request, a call resumes it, a probe leaves it paused",
  async () => {
    await ensureTestBaseImages(["busybox", "python"]);
    await using sandbox = new DockerSandbox();
    const record = await sandbox.build("hot", join(FIXTURES, "py-hot"));
    assertEquals(record.manifest?.container?.keep, "hot");
    const a = await sandbox.start(record, `${record.name}-1`);
    const b = await sandbox.start(record, `${record.name}-2`);
    try {
      assertEquals(a.paused, false);
      assertEquals(a.pause?.(), true, "an idle hot instance pauses");
      assertEquals(b.pause?.(), false, "one paused instance per function: the other declines");
      await until(
        "the container is paused",
        async () => await stateOf(a.containerId!) === "paused",
      );
      assertEquals(a.paused, true);
      assert(await a.probe(1_000), "a paused instance passes its health check");
      assertEquals(await stateOf(a.containerId!), "paused", "the probe does not wake it");
      const res = await a.fetch(new Request("http://fn/"));
      assertMatch(await res.text(), /^v1 pid \d+$/);
      assertEquals(await stateOf(a.containerId!), "running");
      assertEquals(a.paused, false);
      assertEquals(b.pause?.(), true, "once the first resumed, another may pause");
      await until("the second is paused", async () => await stateOf(b.containerId!) === "paused");
    } finally {
      await Promise.all([a.stop("test"), b.stop("test")]);
    }
    assertEquals(await stateOf(b.containerId!), "gone", "a paused container is removed by stop");
  },
);

dockerTest("a cold (default) container function has no pause", async () => {
  await ensureTestBaseImages(["busybox", "python"]);
  await using sandbox = new DockerSandbox();
  const record = await sandbox.build("cold", join(FIXTURES, "py-local-secret"));
  const inst = await sandbox.start(record);
  try {
    assertEquals(inst.pause, undefined);
    assertEquals(inst.paused, undefined);
  } finally {
    await inst.stop("test");
  }
});

dockerTest(
  "hot through the platform: idle pauses, a call resumes, a redeploy and close remove it",
  async () => {
    await ensureTestBaseImages(["busybox", "python"]);
    const owner = `test-hot-${crypto.randomUUID().slice(0, 6)}`;
    const p = await startTempPlatform(["py-hot"], {
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: owner,
      DENOFN_BASE_IMAGES: "local",
      DENOFN_TEMPLATES: TEMPLATES,
    }, { fixturesDir: FIXTURES });
    try {
      const first = await call(`${p.url}/fn/py-hot`);
      assertEquals(first.status, 200);
      assertMatch(first.text, /^v1 pid \d+$/);
      const slot = p.supervisor.pool("py-hot").slots[0];
      const old = slot.instance.containerId!;
      await until("idle: paused (or stopped)", async () => await stateOf(old) !== "running");
      assert(
        !slot.gone,
        "the pool stopped the idle instance instead of offering it a pause: its idle stop " +
          "must call instance.pause?.() first (FunctionPool.#idleStop)",
      );
      await until("idle: paused", async () => await stateOf(old) === "paused");
      assertEquals(slot.instance.paused, true);
      assertEquals(slot.gone, false, "a paused instance stays the function's instance");
      // Health checks (every 200 ms here) leave it paused and in place.
      await new Promise((r) => setTimeout(r, 1_000));
      assertEquals(await stateOf(old), "paused", "health checks do not wake it");
      assertEquals(p.supervisor.pool("py-hot").slots[0], slot, "nor replace it");

      const resumed = await call(`${p.url}/fn/py-hot`);
      assertEquals(resumed, first, "the same process answers once resumed");
      assertEquals(await stateOf(old), "running");
      await until("idle again: paused", async () => await stateOf(old) === "paused");

      // A redeploy while paused: the new version answers, the paused old one is removed.
      const source = await Deno.readTextFile(join(p.inDir, "py-hot", "handler.py"));
      await p.write("py-hot", "handler.py", source.replace('"v1"', '"v2"'));
      const next = await call(`${p.url}/fn/py-hot`);
      assertEquals(next.status, 200);
      assertMatch(next.text, /^v2 pid \d+$/);
      await until("the old container is gone", async () => await stateOf(old) === "gone");
      const current = p.supervisor.pool("py-hot").slots[0].instance.containerId!;
      await until("idle: the new one paused", async () => await stateOf(current) === "paused");
      assert((await listContainers(owner)).length >= 2, "the instance and its holder are there");
    } finally {
      await p.close();
      await removeFunctionImages("py-hot", owner);
      await removeNetwork(`denofn-${owner}`, owner).catch(() => {});
    }
    assertEquals(await listContainers(owner), [], "close removes the paused container and holder");
  },
);
