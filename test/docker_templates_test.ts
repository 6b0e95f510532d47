/** Each runtime template's shipped example builds into an image and answers from a container. */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { DockerSandbox, dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";
import { listContainers } from "../src/docker/mod.ts";
import { runDocker } from "../src/docker/engine/cli.ts";

const EXAMPLES = fileURLToPath(new URL("../registry_in/", import.meta.url));

interface Case {
  example: string;
  get: [path: string, contains: string];
  post?: [status: number, body: string];
}

const CASES: Case[] = [
  { example: "py-hello", get: ["/?name=Ada", "Hello, Ada from Python!"], post: [201, "ABC"] },
  { example: "node-hello", get: ["/?name=Ada", "Hello, Ada from Node!"], post: [201, "ABC"] },
  { example: "exec-upper", get: ["/", ""], post: [200, "ABC"] },
  { example: "deno-boxed", get: ["/", "Hello from a boxed Deno!"] },
];

dockerTest("every template's example builds, answers from a container and is removed", async () => {
  await ensureTestBaseImages();
  const sandbox = new DockerSandbox();
  try {
    for (const c of CASES) {
      const lines: string[] = [];
      const record = await sandbox.build(
        c.example,
        join(EXAMPLES, c.example),
        (l) => lines.push(l),
      );
      assertMatch(record.image, new RegExp(`^denofn-${record.name}:[0-9a-f]{12}$`));
      assert(lines.some((l) => /^\[\d+\/\d+\] /.test(l)), `${c.example}: build progress is logged`);
      const inst = await sandbox.start(record);
      try {
        assertEquals(inst.kind, "container");
        assert(await inst.probe(2_000), `${c.example}: health probe answers`);
        const got = await inst.fetch(new Request(`http://fn${c.get[0]}`));
        assertEquals(got.status, 200, c.example);
        assert((await got.text()).includes(c.get[1]), `${c.example}: GET body`);
        if (c.post) {
          const res = await inst.fetch(new Request("http://fn/", { method: "POST", body: "abc" }));
          assertEquals([res.status, await res.text()], c.post, `${c.example}: POST`);
        }
      } finally {
        await inst.stop("test");
      }
      const exit = await inst.exited;
      assertEquals(exit.reason, "test");
      const { stdout } = await runDocker(["ps", "-aq", "--filter", `id=${inst.containerId}`]);
      assertEquals(stdout.trim(), "", `${c.example}: container removed after stop`);
    }
  } finally {
    await sandbox.dispose();
  }
  assertEquals(await listContainers(sandbox.owner), []);
  const net = await runDocker(["network", "inspect", sandbox.network]);
  assert(net.code !== 0, "the sandbox network is removed");
  const imgs = await runDocker(["images", "-q", "--filter", `label=denofn.function`]);
  for (const c of CASES) {
    const mine = await runDocker(["images", "-q", `denofn-t${sandbox.tag}-${c.example}`]);
    assertEquals(mine.stdout.trim(), "", `${c.example}: image removed`);
  }
  assertEquals(imgs.code, 0);
});

dockerTest(
  "containers run hardened: non-root, read-only root, only the manifest's env",
  async () => {
    await ensureTestBaseImages(["python"]);
    await using sandbox = new DockerSandbox();
    const dir = fileURLToPath(new URL("./fixtures/docker/py-faulty", import.meta.url));
    const record = await sandbox.build("hardened", dir);
    record.manifest!.env = { GREETING: "hi" };
    const inst = await sandbox.start(record);
    try {
      assertEquals(await (await inst.fetch(new Request("http://fn/"))).json(), {
        env: "hi",
        user: 65534,
      });
      const r = await runDocker([
        "inspect",
        "-f",
        "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.PidsLimit}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.SecurityOpt}}",
        inst.containerId!,
      ]);
      assertEquals(r.stdout.trim(), "true [ALL] 128 50331648 1000000000 [no-new-privileges]");
    } finally {
      await inst.stop("test");
    }
  },
);
