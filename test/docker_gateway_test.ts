/**
 * Container functions through the whole platform: each Docker runtime's shipped example builds,
 * passes its manifest test, and answers at /fn/<name> through the gateway.
 */
import { join } from "node:path";
import { assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";
import { dockerTest } from "../src/docker/testing.ts";
import { removeFunctionImages, removeNetwork } from "../src/docker/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;

const EXAMPLES = ["py-hello", "node-hello", "exec-upper", "deno-boxed"];
const NETWORK = "denofn-test-gateway";

dockerTest(
  "python, node, exec and containerized Deno functions answer through the gateway",
  async () => {
    const p = await startTempPlatform([], {
      DENOFN_DOCKER: "on",
      DENOFN_DOCKER_OWNER: "test-gateway",
      DENOFN_DOCKER_NETWORK: NETWORK,
      DENOFN_TEMPLATES: join(ROOT, "templates"),
      DENOFN_BASE_IMAGES: "local",
    }, { examples: EXAMPLES, prefix: "gw-" });
    try {
      const hello = await fetch(`${p.url}/fn/gw-py-hello?name=Ada`);
      assertEquals(hello.status, 200);
      assertMatch(await hello.text(), /Hello, Ada/);
      const node = await fetch(`${p.url}/fn/gw-node-hello?name=Ada`);
      assertMatch(await node.text(), /Hello, Ada/);
      const exec = await fetch(`${p.url}/fn/gw-exec-upper`, { method: "POST", body: "shout" });
      assertEquals(exec.status, 200);
      assertMatch(await exec.text(), /SHOUT/);
      const boxed = await fetch(`${p.url}/fn/gw-deno-boxed`);
      assertMatch(await boxed.text(), /boxed Deno/);
      assertEquals(boxed.headers.get("x-request-id")?.length, 36);
    } finally {
      await p.close();
      for (const name of EXAMPLES) await removeFunctionImages(`gw-${name}`, "test-gateway");
      await removeNetwork(NETWORK, "test-gateway").catch(() => {});
    }
  },
);
