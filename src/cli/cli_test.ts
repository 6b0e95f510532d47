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
