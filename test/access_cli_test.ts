/**
 * The CLI's account and secret commands against a platform process: an admin adds a user, the
 * user logs in (password on stdin), deploys, sets a secret from stdin, and manages an API key
 * used with --key; the secret's value never shows in the CLI's output or the platform's.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { runCli, startPlatformProcess } from "./helpers/platform_process.ts";

const TOKEN = "access-cli-token-0123456789";
const CANARY = "cli-canary-93ad0e-secret";
const FIXTURE = new URL("./fixtures/functions/secret_env", import.meta.url).pathname;

const cli = (args: string[], env: Record<string, string>, stdin = "") => runCli(args, env, stdin);

Deno.test("login, whoami, deploy, secret set from stdin and API keys through the CLI", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-access-cli-" });
  const platform = await startPlatformProcess({
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    DENOFN_ADMIN_TOKEN: TOKEN,
  });
  const session = join(root, "home", "session.json");
  const env = { DENOFN_URL: platform.url, DENOFN_SESSION: session };
  const seen: string[] = [];
  const run = async (args: string[], stdin = "", extra: Record<string, string> = {}) => {
    const r = await cli(args, { ...env, ...extra }, stdin);
    seen.push(r.stdout, r.stderr);
    return r;
  };
  try {
    const added = await run(
      ["users", "add", "ann", "--role", "deployer", "--token", TOKEN],
      "ann-password\n",
    );
    assertEquals(added.code, 0, added.stderr);
    assertEquals((await run(["login", "ann"], "wrong-password\n")).code, 4);
    const login = await run(["login", "ann"], "ann-password\n");
    assertEquals(login.code, 0, login.stderr);
    assertEquals((await Deno.stat(session)).mode! & 0o777, 0o600);
    assertMatch((await run(["whoami"])).stdout, /^ann deployer via session/);

    const deployed = await run(["deploy", FIXTURE, "--name", "vault"]);
    assertEquals(deployed.code, 0, deployed.stderr);
    const set = await run(["secret", "set", "vault", "API_TOKEN"], `${CANARY}\n`);
    assertEquals(set.code, 0, set.stderr);
    const listed = await run(["secret", "ls", "vault", "--json"]);
    assertEquals(JSON.parse(listed.stdout).map((s: { name: string }) => s.name), ["API_TOKEN"]);
    const called = await (await fetch(`${platform.url}/fn/vault`)).json();
    assertEquals(
      [called.has, called.length],
      [true, CANARY.length],
      "the trailing newline is dropped",
    );

    const created = await run(["keys", "create", "ci", "--expires", "1h"]);
    assertEquals(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert(key.startsWith("dfk_"), key);
    const id = key.split("_")[1];
    const viaKey = await run(["ls", "--json"], "", {
      DENOFN_SESSION: "/nonexistent",
      DENOFN_KEY: key,
    });
    assertEquals(JSON.parse(viaKey.stdout).map((f: { name: string }) => f.name), ["vault"]);
    assertEquals((await run(["keys", "rm", id])).code, 0);
    assertEquals((await run(["ls", "--key", key], "", { DENOFN_SESSION: "/nonexistent" })).code, 4);
    assertEquals((await run(["users", "ls"])).code, 4, "a deployer may not list accounts");

    assertEquals((await run(["logout"])).code, 0);
    assertEquals((await run(["whoami"])).code, 4);
    for (const text of [...seen, platform.output()]) assert(!text.includes(CANARY), text);
  } finally {
    await platform.stop();
    await Deno.remove(root, { recursive: true });
  }
});
