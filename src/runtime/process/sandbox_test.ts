import { deepStrictEqual as assertEquals, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { parseManifestText } from "../../manifest/mod.ts";
import type { FunctionRecord } from "../../manifest/record.ts";
import { DEFAULT_SANDBOX, ProcessSandbox } from "./sandbox.ts";

const TOOLS = { prlimit: "/usr/bin/prlimit", setpriv: "/usr/bin/setpriv" };
const ROOT = Deno.uid() === 0;

function record(sourceDir: string, manifest = "{}"): FunctionRecord {
  return {
    name: "hello",
    hash: "h",
    sourceDir,
    runtime: "deno",
    status: "ready",
    builtAt: "",
    buildMs: 0,
    manifest: parseManifestText(manifest),
  } as FunctionRecord;
}

Deno.test("ProcessSandbox.uidOf() gives each function its own uid in the range, stably", () => {
  const box = new ProcessSandbox({ ...DEFAULT_SANDBOX, firstUid: 5_000, uidCount: 3 }, "/x", TOOLS);
  const uids = ["a", "b", "c"].map((n) => box.uidOf(n));
  assertEquals(new Set(uids).size, 3);
  ok(uids.every((u) => u >= 5_000 && u < 5_003), String(uids));
  assertEquals(box.uidOf("b"), uids[1]);
});

Deno.test({
  name: "ProcessSandbox.prepare() makes a private folder and wraps the command in its user",
  ignore: !ROOT,
  async fn() {
    const base = await Deno.makeTempDir({ prefix: "denofn-sandbox-test-" });
    try {
      await Deno.chmod(base, 0o755);
      const fn = join(base, "fn");
      await Deno.mkdir(join(fn, "data"), { recursive: true });
      await Deno.writeTextFile(join(base, "hello.js"), "export default () => 'hi';\n");
      const box = new ProcessSandbox(DEFAULT_SANDBOX, join(base, "run"), TOOLS);
      await Deno.mkdir(join(base, "run"));
      const uid = box.uidOf("hello");
      const p = await box.prepare(record(fn, '{"permissions":{"write":["data"]}}'), "hello-1", {
        bundle: join(base, "hello.js"),
      });
      const dir = await Deno.stat(p.dir);
      assertEquals([dir.uid, dir.mode! & 0o777], [uid, 0o700]);
      assertEquals((await Deno.stat(join(fn, "data"))).uid, uid, "the write grant is its own");
      assertEquals(await Deno.readTextFile(p.bundle), "export default () => 'hi';\n");
      assertEquals(p.env.TMPDIR, join(p.dir, "tmp"));
      const cmd = p.command("/usr/bin/deno", ["run", "x.ts"]);
      assertEquals(cmd.program, TOOLS.prlimit);
      assertEquals(cmd.args.slice(-3), ["/usr/bin/deno", "run", "x.ts"]);
      ok(cmd.args.includes(`--reuid=${uid}`) && cmd.args.includes("--no-new-privs"));
      ok(cmd.args.includes("--clear-groups"));
      const out = await new Deno.Command(cmd.program, {
        args: [...cmd.args.slice(0, -3), "/usr/bin/id", "-u"],
        stdout: "piped",
      }).output();
      assertEquals(new TextDecoder().decode(out.stdout).trim(), String(uid));
      await p.cleanup();
      await rejects(Deno.stat(p.dir));
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
});

Deno.test({
  name: "ProcessSandbox.prepare() refuses a grant its user cannot reach, naming the folder",
  ignore: !ROOT,
  async fn() {
    const base = await Deno.makeTempDir({ prefix: "denofn-sandbox-test-" }); // mode 0700
    try {
      await Deno.mkdir(join(base, "fn", "data"), { recursive: true });
      await Deno.mkdir(join(base, "run"));
      await Deno.writeTextFile(join(base, "hello.js"), "");
      const box = new ProcessSandbox(DEFAULT_SANDBOX, join(base, "run"), TOOLS);
      const start = box.prepare(
        record(join(base, "fn"), '{"permissions":{"read":["data"]}}'),
        "h-1",
        {
          bundle: join(base, "hello.js"),
        },
      );
      await rejects(start, (e: Error) => {
        match(e.message, new RegExp(`"${base}" \\(mode 700\\) lets no other user reach its grant`));
        return true;
      });
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
});
