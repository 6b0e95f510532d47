/**
 * The platform as services: `scripts/compose_check.sh` brings the stack up with Debian's
 * `docker-compose` (v1) on the offline base images, calls a Deno and a container function
 * through the gateway, takes it down and checks nothing is left.
 */
import { dockerTest } from "../src/docker/testing.ts";
import { assert } from "./helpers/assert.ts";

const SCRIPT = new URL("../scripts/compose_check.sh", import.meta.url).pathname;

async function hasCompose(): Promise<boolean> {
  for (const args of [["docker-compose", "version"], ["docker", "compose", "version"]]) {
    const ok = await new Deno.Command(args[0], {
      args: args.slice(1),
      stdout: "null",
      stderr: "null",
    })
      .output().then((o) => o.success, () => false);
    if (ok) return true;
  }
  return false;
}

dockerTest("docker compose brings the platform up, serves, and leaves nothing behind", async () => {
  assert(
    await hasCompose(),
    "docker-compose is needed for this test: apt-get install -y docker-compose " +
      "(or set DENOFN_SKIP_DOCKER_TESTS=1 to skip the Docker tests)",
  );
  const out = await new Deno.Command("bash", { args: [SCRIPT], stdout: "piped", stderr: "piped" })
    .output();
  const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert(out.success, `compose check failed:\n${log.slice(-4000)}`);
  assert(log.includes("compose check passed"), log.slice(-2000));
});
