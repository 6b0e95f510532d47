/**
 * Owner isolation: two platforms with different data folders share one engine. One's start-up
 * sweep, shutdown clean-up and image clean-up leave the other's container, network and image alone.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { dockerTest, ensureTestBaseImages, TEMPLATES_DIR } from "../src/docker/testing.ts";
import {
  type DockerIdentity,
  dockerIdentity,
  type DockerParts,
  dockerParts,
  imageExists,
  listContainers,
  networkOwner,
  removeFunctionImages,
  runDocker,
} from "../src/docker/mod.ts";
import { parseManifestText } from "../src/manifest/mod.ts";
import type { FunctionRecord } from "../src/manifest/record.ts";
import type { Instance } from "../src/runtime/types.ts";

const EXAMPLE = fileURLToPath(new URL("../registry_in/exec-upper", import.meta.url));

/** One platform's Docker side, as the composition root makes it from a data folder. */
interface Side extends DockerIdentity {
  dataDir: string;
  parts: DockerParts;
}

async function side(dataDir: string): Promise<Side> {
  const parts = await dockerParts({ mode: "on", templatesDir: TEMPLATES_DIR, dataDir });
  return { dataDir, parts, ...await dockerIdentity({ dataDir }) };
}

async function build(s: Side, name: string): Promise<FunctionRecord> {
  const manifest = parseManifestText(await Deno.readTextFile(join(EXAMPLE, "registry.json")));
  const { image } = await s.parts.builders.exec.build({
    name,
    sourceDir: EXAMPLE,
    outDir: EXAMPLE,
    hash: "owner-test",
    manifest,
    log: () => {},
    signal: AbortSignal.timeout(300_000),
  });
  return {
    name,
    status: "ready",
    hash: "owner-test",
    runtime: manifest.runtime,
    builtAt: new Date().toISOString(),
    buildMs: 0,
    sourceDir: EXAMPLE,
    image,
    manifest,
  };
}

function start(s: Side, record: FunctionRecord): Promise<Instance> {
  return s.parts.containerStarter!.start(record, `${record.name}-1`, {
    signal: AbortSignal.timeout(20_000),
    readyTimeoutMs: 15_000,
    logs: { write: () => {} },
  });
}

async function ownerImages(owner: string): Promise<string[]> {
  const r = await runDocker(["images", "-q", "--filter", `label=denofn.owner=${owner}`]);
  return r.stdout.split("\n").filter(Boolean);
}

dockerTest("one owner's sweep and clean-up leave another owner's objects alone", async () => {
  await ensureTestBaseImages(["busybox"]);
  const root = await Deno.makeTempDir({ prefix: "denofn-owners-" });
  const name = `t${crypto.randomUUID().slice(0, 8)}-owner`;
  let a: Side | undefined;
  let b: Side | undefined;
  let instB: Instance | undefined;
  try {
    a = await side(join(root, "a", "data"));
    b = await side(join(root, "b", "data"));
    assert(a.owner !== b.owner, "each data folder has its own owner");
    assert(a.network !== b.network, "each owner has its own network");
    const [recA, recB] = [await build(a, name), await build(b, name)];
    assert(recA.image !== recB.image, "the same function gets one image per owner");
    const instA = await start(a, recA);
    instB = await start(b, recB);
    assertEquals(await networkOwner(a.network), a.owner);
    assertEquals(await networkOwner(b.network), b.owner);

    // A restarts: its start-up sweep removes its own orphan, then it shuts down.
    const againA = await side(a.dataDir);
    await instA.exited;
    assertEquals(await listContainers(a.owner), []);
    await againA.parts.cleanup();
    await a.parts.cleanup();
    assertEquals(await networkOwner(a.network), undefined, "A's network is removed");
    await removeFunctionImages(name, a.owner);
    assertEquals(await imageExists(recA.image!), false, "A's image is removed");

    // B is untouched: its container answers, its network and image are still there.
    const idsB = await listContainers(b.owner); // its instance, and the holder of its network
    assert(idsB.some((id) => instB!.containerId?.startsWith(id)), "B's container still exists");
    assert(await instB.probe(2_000), "B's container still answers");
    const res = await instB.fetch(new Request("http://fn/"));
    await res.body?.cancel();
    assertEquals(res.status, 200);
    assertEquals(await networkOwner(b.network), b.owner, "B's network still exists");
    assert(await imageExists(recB.image!), "B's image still exists");
  } finally {
    await instB?.stop("test");
    await b?.parts.cleanup();
    await a?.parts.cleanup();
    for (const s of [a, b]) if (s) await removeFunctionImages(name, s.owner);
    await Deno.remove(root, { recursive: true });
  }
  for (const s of [a!, b!]) {
    assertEquals(await listContainers(s.owner), [], `no container of ${s.owner} is left`);
    assertEquals(await networkOwner(s.network), undefined, `network ${s.network} is removed`);
    assertEquals(await ownerImages(s.owner), [], `no image of ${s.owner} is left`);
  }
});
