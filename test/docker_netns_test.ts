/**
 * Container instances run in the network namespace of a holder container of their own function:
 * the holder is made on the first start, handed to the next start once its instance is gone, and
 * removed with the function, at close and by the owner's sweep; two functions never share a
 * namespace, so one cannot reach another's `localhost` (the hostile `ct_reach_neighbour` tries).
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { copyDir, startTempPlatform } from "./helpers/temp_platform.ts";
import { until } from "./helpers/wait.ts";
import {
  DockerSandbox,
  dockerTest,
  ensureTestBaseImages,
  TEMPLATES_DIR,
} from "../src/docker/testing.ts";
import {
  ContainerStarter,
  listContainers,
  removeFunctionImages,
  removeNetwork,
} from "../src/docker/mod.ts";
import { docker } from "../src/docker/engine/cli.ts";

const EXAMPLES = fileURLToPath(new URL("../registry_in/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The network mode and the labels of a container. */
async function inspect(id: string): Promise<{ mode: string; role: string }> {
  const out = await docker([
    "inspect",
    "-f",
    '{{.HostConfig.NetworkMode}} {{index .Config.Labels "denofn.role"}}',
    id,
  ]);
  const [mode, role] = out.split(" ");
  return { mode, role: role === "<no value>" ? "" : role };
}

dockerTest("an instance runs in its function's holder, which the next start reuses", async () => {
  await ensureTestBaseImages(["busybox", "python"]);
  await using sandbox = new DockerSandbox();
  const record = await sandbox.build("hello", join(EXAMPLES, "py-hello"));
  const first = await sandbox.start(record, `${record.name}-1`);
  const { mode } = await inspect(first.containerId!);
  const holder = mode.replace(/^container:/, "");
  assert(holder !== mode, `the instance joins a holder's namespace (${mode})`);
  const held = await inspect(holder);
  assertEquals(held.role, "netns");
  assertEquals(held.mode, sandbox.network, "the holder sits on the platform's network");
  const res = await first.fetch(new Request("http://fn/?name=Ada"));
  assertEquals(await res.text(), "Hello, Ada from Python!");
  await first.stop("test");
  assertEquals(sandbox.starter.holders?.freeCount(record.name), 1, "the holder is kept");

  const second = await sandbox.start(record, `${record.name}-2`);
  assertEquals((await inspect(second.containerId!)).mode, `container:${holder}`);
  const again = await second.fetch(new Request("http://fn/?name=Bo"));
  assertEquals(await again.text(), "Hello, Bo from Python!");
  // Two instances at once (scale-out, or a deploy's old and new) get a holder each: the
  // launchers' fixed port cannot collide.
  const third = await sandbox.start(record, `${record.name}-3`);
  const other = (await inspect(third.containerId!)).mode;
  assert(other !== `container:${holder}`, "a second instance at once gets a holder of its own");
  assert((await third.probe(2_000)) && (await second.probe(2_000)), "both answer");
  await Promise.all([second.stop("test"), third.stop("shutdown")]);
  assertEquals(sandbox.starter.holders?.freeCount(record.name), 0, "shut down: none is kept");
  const left = await listContainers(sandbox.owner);
  assert(!left.some((id) => holder.startsWith(id)), "shut down: the holders are removed");
});

dockerTest(
  "a start joins the network itself when its holder was removed, or holders are off",
  async () => {
    await ensureTestBaseImages(["busybox", "python"]);
    await using sandbox = new DockerSandbox();
    const record = await sandbox.build("gone", join(EXAMPLES, "py-hello"));
    const first = await sandbox.start(record, `${record.name}-1`);
    const holder = (await inspect(first.containerId!)).mode.replace(/^container:/, "");
    await first.stop("test");
    await docker(["rm", "-f", holder]);
    const second = await sandbox.start(record, `${record.name}-2`);
    try {
      assertEquals((await inspect(second.containerId!)).mode, sandbox.network, "on the network");
      const res = await second.fetch(new Request("http://fn/?name=Ada"));
      assertEquals(await res.text(), "Hello, Ada from Python!");
    } finally {
      await second.stop("test");
    }
    const bridged = new ContainerStarter({
      templatesDir: TEMPLATES_DIR,
      network: sandbox.network,
      owner: sandbox.owner,
      holderImage: false,
    });
    const third = await bridged.start(record, `${record.name}-3`, sandbox.startOptions());
    try {
      assertEquals((await inspect(third.containerId!)).mode, sandbox.network, "holders off");
      assert(await third.probe(2_000));
    } finally {
      await third.stop("test");
    }
  },
);

dockerTest(
  "functions never share a network namespace: a neighbour's localhost is out of reach",
  async () => {
    await ensureTestBaseImages(["busybox", "python"]);
    const owner = `test-netns-${crypto.randomUUID().slice(0, 6)}`;
    const network = `denofn-${owner}`;
    const p = await startTempPlatform(["py-local-secret"], {
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: owner,
      DENOFN_BASE_IMAGES: "local",
      DENOFN_TEMPLATES: fileURLToPath(new URL("../templates", import.meta.url)),
    }, { fixturesDir: join(FIXTURES, "docker") });
    try {
      // The hostile one lives in the hostile catalogue; it joins once the platform runs.
      await copyDir(
        join(FIXTURES, "hostile", "ct_reach_neighbour"),
        join(p.inDir, "ct_reach_neighbour"),
      );
      await until(
        "ct_reach_neighbour is built",
        () =>
          p.registry.list().some((r) => r.name === "ct_reach_neighbour" && r.status === "ready"),
        120_000,
      );
      const victim = await fetch(`${p.url}/fn/py-local-secret`);
      assertEquals(victim.status, 200);
      const { netns: victimNs, own } = await victim.json();
      assertEquals(own, "neighbour-secret", "the service answers on its own localhost");
      const hostile = await fetch(`${p.url}/fn/ct_reach_neighbour`);
      assertEquals(hostile.status, 200);
      const { netns, reached } = await hostile.json();
      assert(netns !== victimNs, "each function has its own network namespace");
      assert(/^refused/.test(reached), `the neighbour's localhost answered: ${reached}`);
      const containers = async (fn: string, role = "") =>
        (await docker([
          "ps",
          "-aq",
          "--filter",
          `label=denofn.owner=${owner}`,
          "--filter",
          `label=denofn.function=${fn}`,
          ...(role ? ["--filter", `label=denofn.role=${role}`] : []),
        ])).split("\n").filter(Boolean);
      assertEquals((await containers("ct_reach_neighbour", "netns")).length, 1, "its holder");
      assertEquals((await containers("py-local-secret", "netns")).length, 1, "its own holder");

      // Removing a function removes its instance and its holder; the other keeps its own.
      await Deno.remove(join(p.inDir, "ct_reach_neighbour"), { recursive: true });
      await until(
        "the removed function's containers are gone",
        async () => (await containers("ct_reach_neighbour")).length === 0,
        20_000,
      );
      assertEquals((await containers("py-local-secret")).length, 2, "instance and holder stay");
    } finally {
      await p.close();
      for (const name of ["ct_reach_neighbour", "py-local-secret"]) {
        await removeFunctionImages(name, owner);
      }
      await removeNetwork(network, owner).catch(() => {});
    }
    assertEquals(await listContainers(owner), [], "the platform's close removes the holders");
  },
);
