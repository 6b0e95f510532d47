/** Container functions that exit, hang, eat memory, fail to boot or fail to build are caught. */
import { fileURLToPath } from "node:url";
import { assert, assertEquals, assertMatch, assertRejects } from "./helpers/assert.ts";
import { DockerSandbox, dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";
import { StartError } from "../src/runtime/types.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/docker/${name}`, import.meta.url));

dockerTest("a container that exits, eats memory or fails to boot is detected", async () => {
  await ensureTestBaseImages(["python"]);
  await using sandbox = new DockerSandbox();
  const record = await sandbox.build("faulty", fixture("py-faulty"));

  const exiting = await sandbox.start(record, "faulty-exit");
  await exiting.fetch(new Request("http://fn/exit")).then((r) => r.body?.cancel(), () => {});
  assertEquals((await exiting.exited).code, 3);
  assertEquals(await exiting.probe(500), false);

  const hog = await sandbox.start(record, "faulty-oom");
  await hog.fetch(new Request("http://fn/oom")).then((r) => r.body?.cancel(), () => {});
  const exit = await hog.exited;
  assertEquals([exit.code, exit.reason], [137, "oom"]);
  assert(sandbox.logs.some((l) => l.stream === "system" && /memory limit \(48 MB\)/.test(l.line)));

  const crashing = { ...record, manifest: { ...record.manifest!, env: { BOOT: "crash" } } };
  const err = await assertRejects(() => sandbox.start(crashing, "faulty-boot"));
  assert(err instanceof StartError);
  assertMatch(err.message, /exited during start-up \(code 1\)[\s\S]*boot failure on purpose/);

  const slow = { ...record, manifest: { ...record.manifest!, env: { BOOT: "slow" } } };
  const t0 = Date.now();
  const late = await assertRejects(() =>
    sandbox.starter.start(slow, "faulty-slow", sandbox.startOptions(1_500))
  );
  assertMatch(late.message, /was not ready within 1500 ms/);
  assert(Date.now() - t0 < 6_000, "the readiness deadline is kept");
});

dockerTest("a hung container fails its health probe and stops on request", async () => {
  await ensureTestBaseImages(["node"]);
  await using sandbox = new DockerSandbox();
  const record = await sandbox.build("hang", fixture("node-hang"));
  const inst = await sandbox.start(record);
  assertEquals(await (await inst.fetch(new Request("http://fn/"))).text(), "fine");
  const hung = inst.fetch(new Request("http://fn/hang", { signal: AbortSignal.timeout(300) }))
    .catch((e) => e);
  assertEquals(await inst.probe(500), false);
  await hung;
  await inst.stop("health");
  assertEquals((await inst.exited).reason, "health");
});

dockerTest("a broken Dockerfile fails the build with the tail of the build log", async () => {
  await ensureTestBaseImages(["busybox"]);
  await using sandbox = new DockerSandbox();
  const lines: string[] = [];
  const err = await assertRejects(() =>
    sandbox.build("broken", fixture("broken-dockerfile"), (l) => lines.push(l))
  );
  assertMatch(
    err.message,
    /^Cannot build image for "t[0-9a-f]+-broken" \(docker build exited 7\):\n/,
  );
  assertMatch(err.message, /about to fail on purpose/);
  assertMatch(err.message, /returned a non-zero code: 7/);
  assert(lines.some((l) => l.includes("about to fail on purpose")), "build output is streamed");
});
