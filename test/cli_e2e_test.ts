/**
 * The `denofn` CLI as users run it, against the real platform process: version (client and
 * server), aliases, a piped body with --query, .denofnignore (a .env is never uploaded), a
 * denofn.yaml stack deploy with manifest overrides, and `deno install -g` from a published URL.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "../src/version.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { CLI, CONFIG, startPlatformProcess } from "./helpers/platform_process.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs the CLI in `cwd` with `stdin` piped in (or none). */
async function cli(args: string[], opts: { cwd?: string; stdin?: string } = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, CLI, ...args],
    cwd: opts.cwd,
    env: { DENOFN_URL: "", DENOFN_ADMIN_TOKEN: "", DENOFN_CONFIG: "/nonexistent" },
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(opts.stdin));
    await writer.close();
  }
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  return { code: out.code, stdout, stderr, json: () => JSON.parse(stdout) };
}

async function write(path: string, text: string) {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, text);
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("the CLI: version, aliases, piped body and --query, .denofnignore, stack deploy", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-cli-" });
  const platform = await startPlatformProcess({
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
  });
  const auth = ["--url", platform.url, "--token-file", join(root, "data", "admin_token")];
  try {
    // version: the CLI's and the server's (GET /healthz, no token).
    const health = await (await fetch(`${platform.url}/healthz`)).json();
    assertEquals(health.version, VERSION);
    const version = await cli(["version", "--url", platform.url]);
    assertEquals(version.code, 0, version.stderr);
    assert(version.stdout.includes(`denofn CLI ${VERSION}`), version.stdout);
    assert(version.stdout.includes(`server     ${VERSION} at ${platform.url}`), version.stdout);
    const asJson = await cli(["--version", "--url", platform.url, "--json"]);
    assertEquals([asJson.json().client, asJson.json().server], [VERSION, VERSION]);

    // deploy honours .denofnignore: dotfiles and node_modules stay home unless taken back.
    const src = join(root, "src", "echo");
    await write(
      join(src, "index.ts"),
      `export default async (req: Request) => ({ method: req.method, body: await req.text(), query: new URL(req.url).search });`,
    );
    await write(join(src, ".env"), "SECRET=do-not-upload\n");
    await write(join(src, ".env.local"), "SECRET=do-not-upload\n");
    await write(join(src, "node_modules", "x", "index.js"), "export default 1;\n");
    await write(join(src, "notes", "draft.md"), "private\n");
    await write(join(src, ".well-known", "hello.txt"), "public\n");
    await write(join(src, ".denofnignore"), "notes/\n!.well-known/\n");
    const deployed = await cli(["deploy", src, ...auth]);
    assertEquals(deployed.code, 0, deployed.stderr + deployed.stdout);
    assert(deployed.stderr.includes("Left out"), deployed.stderr);
    const uploaded = join(root, "registry_in", "echo");
    assert(await exists(join(uploaded, "index.ts")));
    assert(
      await exists(join(uploaded, ".well-known", "hello.txt")),
      "a ! line takes a default back",
    );
    for (const gone of [".env", ".env.local", "node_modules", "notes", ".denofnignore"]) {
      assert(!(await exists(join(uploaded, gone))), `${gone} was uploaded`);
    }

    // invoke reads a piped body and takes --query.
    const piped = await cli(["invoke", "echo", "-q", "a=1", "--query", "b=two words", ...auth], {
      stdin: "from a pipe",
    });
    assertEquals(piped.code, 0, piped.stderr);
    assertEquals(JSON.parse(piped.stdout), {
      method: "POST",
      body: "from a pipe",
      query: "?a=1&b=two+words",
    });
    const noBody = await cli(["invoke", "echo", ...auth], { stdin: "" });
    assertEquals(JSON.parse(noBody.stdout).method, "GET");

    // denofn.yaml: `deploy` with no argument deploys the stack, with manifest overrides.
    const stack = join(root, "stack");
    await write(
      join(stack, "greeter", "index.ts"),
      `export default () => Deno.env.get("GREETING") ?? "none";`,
    );
    await write(join(stack, "greeter", "registry.json"), JSON.stringify({ idleTimeoutSec: 30 }));
    await write(
      join(stack, "denofn.yaml"),
      `# two functions from one folder
functions:
  greet-hi:
    path: ./greeter
    manifest:
      env: { GREETING: Hi }
      permissions: { env: [GREETING] }
  greet-hello:
    path: ./greeter
    manifest:
      env: { GREETING: Hello }
      permissions: { env: [GREETING] }
`,
    );
    const stacked = await cli(["deploy", ...auth, "--json"], { cwd: stack });
    assertEquals(stacked.code, 0, stacked.stderr + stacked.stdout);
    assertEquals(stacked.json().map((a: { name: string }) => a.name), ["greet-hi", "greet-hello"]);
    assertEquals((await cli(["invoke", "greet-hi", ...auth])).stdout, "Hi");
    assertEquals((await cli(["invoke", "greet-hello", ...auth])).stdout, "Hello");
    const manifest = JSON.parse(
      await Deno.readTextFile(join(root, "registry_in", "greet-hi", "registry.json")),
    );
    assertEquals([manifest.idleTimeoutSec, manifest.env.GREETING], [30, "Hi"]);

    // Aliases: list = ls, remove/delete = rm.
    const listed = await cli(["list", ...auth, "--json"]);
    assertEquals(
      listed.json().map((f: { name: string }) => f.name).sort(),
      ["echo", "greet-hello", "greet-hi"],
    );
    assertEquals((await cli(["remove", "greet-hello", ...auth])).code, 0);
    assertEquals((await cli(["delete", "greet-hi", ...auth])).code, 0);
    assertEquals((await cli(["invoke", "greet-hi", ...auth])).code, 3);
  } finally {
    await platform.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deno install -g from a published URL gives a working denofn", async () => {
  // The checkout served over HTTP stands in for where the project is published.
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.includes("..")) return new Response("no", { status: 400 });
    try {
      return new Response(await Deno.readFile(join(ROOT, path)));
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const installRoot = await Deno.makeTempDir({ prefix: "denofn-install-" });
  try {
    const install = await new Deno.Command(Deno.execPath(), {
      args: [
        "install",
        "-g",
        "-A",
        "--root",
        installRoot,
        "-n",
        "denofn",
        `--import-map=${base}/deno.json`,
        `${base}/src/cli/main.ts`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(install.code, 0, new TextDecoder().decode(install.stderr));
    const ran = await new Deno.Command(join(installRoot, "bin", "denofn"), {
      args: ["version", "--url", "http://127.0.0.1:9"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(ran.stdout);
    assertEquals(ran.code, 0, new TextDecoder().decode(ran.stderr));
    assert(stdout.includes(`denofn CLI ${VERSION}`), stdout);
    const help = await new Deno.Command(join(installRoot, "bin", "denofn"), {
      args: ["help", "invoke"],
      stdout: "piped",
    }).output();
    assert(new TextDecoder().decode(help.stdout).includes("--query"));
  } finally {
    await server.shutdown();
    await Deno.remove(installRoot, { recursive: true });
    // What `deno install` cached from this one-off server goes too.
    const info = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
    })
      .output();
    const denoDir = JSON.parse(new TextDecoder().decode(info.stdout)).denoDir;
    const cached = join(denoDir, "remote", "http", `127.0.0.1_PORT${server.addr.port}`);
    await Deno.remove(cached, { recursive: true }).catch(() => {});
  }
});
