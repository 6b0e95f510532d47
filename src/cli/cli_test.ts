import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { parseCommandLine } from "./args.ts";
import { resolveConnection } from "./config.ts";
import { run } from "./main.ts";
import { EXIT } from "./errors.ts";

Deno.test("parseCommandLine() takes a verb, its positionals and only its flags", () => {
  const p = parseCommandLine([
    "invoke",
    "hello",
    "-X",
    "POST",
    "-d",
    "x",
    "-H",
    "a: b",
    "-H",
    "c: d",
  ]);
  assertEquals(p.verb, "invoke");
  assertEquals(p.args, ["hello"]);
  assertEquals(p.flags.method, "POST");
  assertEquals(p.flags.header, ["a: b", "c: d"]);
  assertEquals(parseCommandLine([]).verb, "help");
  for (const bad of [["ls", "--follow"], ["nope"], ["ls", "--what"]]) {
    let code = 0;
    try {
      parseCommandLine(bad);
    } catch (e) {
      code = (e as { exitCode: number }).exitCode;
    }
    assertEquals(code, EXIT.usage, bad.join(" "));
  }
});

Deno.test("resolveConnection() prefers flags, then env, then the config file, then data/admin_token", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config = join(dir, "config.json");
    await Deno.writeTextFile(config, JSON.stringify({ url: "http://file:1", token: "from-file" }));
    await Deno.mkdir(join(dir, "data"));
    await Deno.writeTextFile(join(dir, "data", "admin_token"), "from-data\n");
    const env = { DENOFN_CONFIG: config, DENOFN_DATA: join(dir, "data") };
    assertEquals(await resolveConnection({ url: "http://flag:2/", token: "t" }, env), {
      url: "http://flag:2",
      token: "t",
      tokenSource: "--token",
    });
    const fromEnv = await resolveConnection({}, {
      ...env,
      DENOFN_ADMIN_TOKEN: "e",
      DENOFN_URL: "http://env:3",
    });
    assertEquals([fromEnv.url, fromEnv.token], ["http://env:3", "e"]);
    const fromFile = await resolveConnection({}, env);
    assertEquals([fromFile.url, fromFile.token], ["http://file:1", "from-file"]);
    await Deno.writeTextFile(config, JSON.stringify({}));
    assertEquals((await resolveConnection({}, env)).token, "from-data");
    await Deno.writeTextFile(config, "{not json");
    await resolveConnection({}, env).then(
      () => assert(false),
      (e) => assertEquals(e.exitCode, EXIT.usage),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("denofn new scaffolds a folder per runtime and refuses to overwrite", async () => {
  const dir = await Deno.makeTempDir();
  const log = console.log;
  console.log = () => {};
  try {
    assertEquals(await run(["new", "greet", "--dir", dir]), 0);
    assert((await Deno.readTextFile(join(dir, "greet", "index.ts"))).includes("createHandler"));
    assertEquals(await run(["new", "py", "--runtime", "python", "--dir", dir]), 0);
    assert(await Deno.stat(join(dir, "py", "handler.py")));
    assertEquals(await run(["new", "greet", "--dir", dir]), EXIT.rejected);
    assertEquals(await run(["new", "x", "--runtime", "cobol", "--dir", dir]), EXIT.usage);
    assertEquals(await run(["new", "Bad Name", "--dir", dir]), EXIT.usage);
  } finally {
    console.log = log;
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs the CLI in-process and returns its exit code and what it printed on stdout. */
async function captured(argv: string[]): Promise<{ code: number; out: string }> {
  const log = console.log;
  const error = console.error;
  let out = "";
  console.log = (...args: unknown[]) => void (out += args.join(" ") + "\n");
  console.error = () => {};
  try {
    return { code: await run(argv), out };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("denofn help <command> and <command> --help print that command's help", async () => {
  const byHelp = await captured(["help", "deploy"]);
  assertEquals(byHelp.code, 0);
  assert(byHelp.out.startsWith("Usage: denofn deploy"), byHelp.out);
  assert(byHelp.out.includes(".denofnignore") && byHelp.out.includes("denofn.yaml"));
  assertEquals((await captured(["deploy", "--help"])).out, byHelp.out);
  assert((await captured(["invoke", "-h"])).out.includes("--query"));
  assert((await captured(["list", "--help"])).out.startsWith("Usage: denofn ls"));
  assert((await captured(["help", "remove"])).out.startsWith("Usage: denofn rm"));
  const all = await captured(["help"]);
  for (const verb of ["new", "deploy", "invoke", "version", "completion"]) {
    assert(all.out.includes(`\n  ${verb} `), verb);
  }
  assertEquals((await captured(["help", "nope"])).code, EXIT.usage);
});

Deno.test("parseCommandLine() resolves aliases and keeps what was typed", () => {
  assertEquals(parseCommandLine(["list"]).verb, "ls");
  assertEquals([parseCommandLine(["remove", "x"]).verb, parseCommandLine(["remove", "x"]).typed], [
    "rm",
    "remove",
  ]);
  assertEquals(parseCommandLine(["delete", "x"]).verb, "rm");
  assertEquals(parseCommandLine(["--version"]).verb, "version");
  assertEquals(parseCommandLine(["invoke", "f", "-q", "a=1", "-q", "b=2"]).flags.query, [
    "a=1",
    "b=2",
  ]);
});

Deno.test("denofn new --list lists the runtimes, and the Deno starter's test passes", async () => {
  const listed = await captured(["new", "--list"]);
  assertEquals(listed.code, 0);
  for (const runtime of ["deno", "node", "python", "exec", "deno-container"]) {
    assert(listed.out.includes(`${runtime} `), runtime);
  }
  const dir = await Deno.makeTempDir();
  try {
    assertEquals((await captured(["new", "greet", "--dir", dir])).code, 0);
    const test = join(dir, "greet", "index_test.ts");
    assert((await Deno.readTextFile(test)).includes("denofn/micro/testing"));
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const ran = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--config", config, "--no-lock", test],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(
      ran.code,
      0,
      new TextDecoder().decode(ran.stdout) + new TextDecoder().decode(ran.stderr),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("denofn completion bash completes commands, flags, runtimes", async () => {
  const script = await captured(["completion", "bash"]);
  assertEquals(script.code, 0);
  const complete = async (words: string[]) => {
    const line = `${script.out}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_denofn; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = await new Deno.Command("bash", {
      args: ["--norc", "--noprofile", "-c", line],
      env: { PATH: "/usr/bin:/bin" }, // no denofn on PATH: function names complete to nothing
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).trim().split("\n");
  };
  assertEquals(await complete(["denofn", "dep"]), ["deploy"]);
  assertEquals((await complete(["denofn", "re"])).sort(), ["remove", "restart"]);
  assertEquals(await complete(["denofn", "invoke", "--q"]), ["--query"]);
  assertEquals(await complete(["denofn", "new", "--runtime", "py"]), ["python"]);
  assertEquals(await complete(["denofn", "completion", "f"]), ["fish"]);
  for (const shell of ["zsh", "fish"]) {
    const other = await captured(["completion", shell]);
    assert(other.out.includes("deploy") && /--query|-l query/.test(other.out), shell);
  }
  assertEquals((await captured(["completion", "tcsh"])).code, EXIT.usage);
});
