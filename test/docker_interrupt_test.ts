/**
 * Ctrl-C (SIGINT) with a call in flight in a container leaves nothing behind: the platform
 * drains the call, stops its instances and removes every container of its owner, every time.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertEquals } from "./helpers/assert.ts";
import { startPlatformProcess } from "./helpers/platform_process.ts";
import { copyDir } from "./helpers/temp_platform.ts";
import { dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";
import { listContainers, removeFunctionImages } from "../src/docker/mod.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/docker/node-slow", import.meta.url));
const OWNER = "test-interrupt";
const TRIES = 10;

dockerTest(
  "Ctrl-C with a container call in flight leaves no container, 10 of 10 times",
  async () => {
    await ensureTestBaseImages(["node"]);
    const root = await Deno.makeTempDir({ prefix: "denofn-interrupt-" });
    await copyDir(FIXTURE, join(root, "registry_in", "int-slow"));
    const env = {
      DENOFN_REGISTRY_IN: join(root, "registry_in"),
      DENOFN_REGISTRY: join(root, "registry"),
      DENOFN_DATA: join(root, "data"),
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: OWNER,
      DENOFN_BASE_IMAGES: "local",
      DENOFN_SHUTDOWN_GRACE_MS: "500",
    };
    try {
      for (let i = 0; i < TRIES; i++) {
        const platform = await startPlatformProcess(env, 120_000);
        // The call starts a container and is still in flight when the signal arrives.
        const inFlight = fetch(`${platform.url}/fn/int-slow?ms=3000`).then(
          (r) => r.body?.cancel(),
          () => {},
        );
        for (let t = 0; t < 200 && (await listContainers(OWNER)).length === 0; t++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        platform.child.kill("SIGINT");
        const status = await platform.child.status;
        await inFlight;
        assertEquals(status.code, 0, `try ${i + 1}: exit code`);
        assertEquals(await listContainers(OWNER), [], `try ${i + 1}: containers left`);
      }
    } finally {
      await removeFunctionImages(undefined, OWNER);
      await Deno.remove(root, { recursive: true });
    }
  },
);
