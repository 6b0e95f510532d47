/**
 * The catalogue of hostile functions (`test/fixtures/hostile/`, one folder per attempt) run
 * through the real platform. Each row asserts the exact outcome: refused at build with the key
 * and value named (in the record and in the 503 of `/fn/<name>`), or denied at run time. No
 * attempt may leak the canary secrets of the platform's environment or the canary file beside
 * the function folders into any response, log line, record or bundle.
 */
import { dirname, join } from "node:path";
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { copyDir, startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";

const HOSTILE = new URL("./fixtures/hostile/", import.meta.url).pathname;
const SECRET = `env-canary-${crypto.randomUUID()}`;
const GRANTABLE_SECRET = `grantable-canary-${crypto.randomUUID()}`;
const FILE_SECRET = `file-canary-${crypto.randomUUID()}`;

/** What the preparation steps and calls need. */
interface Ctx {
  /** The canary file, beside (outside) the function folders. */
  canary: string;
  /** The registry's output folder (bundles). */
  outDir: string;
  /** The pid of a running instance of another function (`ok`). */
  otherPid: number;
}

/** Whether function processes run as their own users here (the platform runs as root). */
const SANDBOXED = Deno.uid() === 0;

/** A row: the fixture, what the test makes in its copy, and the exact outcome. */
interface Attempt {
  name: string;
  prepare?: (dir: string, ctx: Ctx) => Promise<void>;
  /** Only meaningful where function processes run as their own users (as root). */
  sandboxed?: boolean;
  /** Refused at build: every pattern must match the record's error and the 503 body. */
  refused?: RegExp[];
  /** Built, then denied at run time. */
  run?: {
    /** Runs once the build is done, before the call. */
    afterBuild?: (dir: string) => Promise<void>;
    path: (ctx: Ctx) => string;
    status: number;
    body: RegExp;
    after?: (p: TempPlatform, dir: string) => Promise<void>;
  };
}

const comma = (kind: string, value: string): RegExp =>
  new RegExp(
    `permissions\\.${kind}\\[0\\]: .*${
      JSON.stringify(value).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
    }`,
  );
const envRefused = (name: string, family: string): RegExp =>
  new RegExp(`env\\.${name}: "${name}" refused \\(${family.replace("*", "\\*")}\\)`);
const link = (name: string, target: string) => (dir: string) =>
  Deno.symlink(target, join(dir, name));
/** Writes the files of a fixture that cannot live in git (they name paths outside the repo). */
const files = (entries: Record<string, string>) => async (dir: string) => {
  for (const [name, text] of Object.entries(entries)) {
    await Deno.writeTextFile(join(dir, name), text);
  }
};
const readDenied = (path: string): RegExp =>
  new RegExp(
    `Requires read access to "${path}" \\(a build reads only the function folder, ` +
      "the author library and the dependency cache\\)",
  );

const ATTEMPTS: Attempt[] = [
  { name: "comma_read", refused: [comma("read", "data,/etc"), /must not contain ","/] },
  { name: "comma_write", refused: [comma("write", "data,/tmp"), /must not contain ","/] },
  {
    name: "comma_ffi",
    refused: [comma("ffi", "lib/x.so,/usr/lib/x86_64-linux-gnu/libc.so.6"), /","/],
  },
  { name: "comma_net", refused: [comma("net", "example.com,169.254.169.254"), /","/] },
  { name: "comma_env", refused: [comma("env", "API_KEY,DENOFN_CANARY_SECRET"), /variable name/] },
  { name: "comma_run", refused: [comma("run", "git,sh"), /must not contain ","/] },
  { name: "comma_sys", refused: [comma("sys", "hostname,uid")] },
  { name: "env_ld", refused: [envRefused("LD_PRELOAD", "LD_*"), /dynamic loader/] },
  { name: "env_deno", refused: [envRefused("DENO_V8_FLAGS", "DENO_*")] },
  { name: "env_node", refused: [envRefused("NODE_OPTIONS", "NODE_*")] },
  { name: "env_python", refused: [envRefused("PYTHONSTARTUP", "PYTHON*")] },
  { name: "env_bash", refused: [envRefused("BASH_ENV", "BASH_ENV")] },
  { name: "env_sh", refused: [envRefused("ENV", "ENV")] },
  { name: "env_path", refused: [envRefused("PATH", "PATH")] },
  { name: "env_home", refused: [envRefused("HOME", "HOME")] },
  { name: "env_denofn", refused: [envRefused("DENOFN_ADMIN_TOKEN", "DENOFN_*")] },
  {
    name: "env_otel",
    refused: [
      envRefused("OTEL_DENO", "OTEL_*"),
      envRefused("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_*"),
    ],
  },
  { name: "env_proxy", refused: [/env\.HTTP_PROXY: "HTTP_PROXY" refused \(proxy variables\)/] },
  {
    name: "grant_env_proxy",
    refused: [/permissions\.env\[0\]: "HTTP_PROXY" refused \(proxy variables\)/],
  },
  {
    name: "grant_env_denofn",
    refused: [/permissions\.env\[0\]: "DENOFN_CANARY_SECRET" refused \(DENOFN_\*\)/],
  },
  { name: "dotdot_read", refused: [comma("read", "data/../../.."), /stays inside/] },
  { name: "dotdot_write", refused: [comma("write", "../other_fn"), /stays inside/] },
  { name: "dotdot_ffi", refused: [comma("ffi", "../../lib/evil.so"), /stays inside/] },
  { name: "write_dot", refused: [/permissions\.write\[0\]: "\." covers the whole function/] },
  {
    name: "write_manifest",
    refused: [/permissions\.write\[0\]: "registry\.json" covers registry\.json/],
  },
  {
    name: "write_entry",
    refused: [/permissions\.write\[0\]: "src" covers the entry "src\/main\.ts"/],
  },
  {
    name: "write_source",
    refused: [/permissions\.write\[0\]: "lib" covers source file "lib\/helper\.ts"/],
  },
  {
    name: "link_root",
    prepare: link("data", "/"),
    refused: [/symlink "data" points outside the function folder \(to "\/"\)/],
  },
  {
    name: "link_passwd",
    prepare: link("notes.txt", "/etc/passwd"),
    refused: [/symlink "notes\.txt" points outside the function folder/],
  },
  {
    name: "link_canary",
    prepare: (dir, ctx) => link("secret.txt", ctx.canary)(dir),
    refused: [/symlink "secret\.txt" points outside the function folder/],
  },
  {
    name: "link_manifest",
    prepare: async (dir, ctx) => {
      await Deno.remove(join(dir, "registry.json"));
      await link("registry.json", ctx.canary)(dir);
    },
    refused: [/symlink "registry\.json" points outside the function folder/],
  },
  {
    name: "link_self_write",
    prepare: link("data", "."),
    refused: [/permissions\.write\[0\]: "data" resolves to a folder that holds registry\.json/],
  },
  {
    name: "hardlink_canary",
    prepare: (dir, ctx) => Deno.link(ctx.canary, join(dir, "notes.txt")),
    refused: [/"notes\.txt" is hard-linked to a file outside the function folder/],
  },
  {
    name: "oversized",
    prepare: (dir) =>
      Deno.writeTextFile(
        join(dir, "registry.json"),
        JSON.stringify({ $schema: "x".repeat(300 * 1024) }),
      ),
    refused: [/registry\.json is 3\d{5} bytes; a manifest may be at most 262144 bytes/],
  },
  { name: "build_text_environ", refused: [readDenied("/proc/self/environ")] },
  { name: "build_text_passwd", refused: [readDenied("/etc/passwd")] },
  {
    name: "build_bytes_canary",
    prepare: files({
      "index.ts": 'import b from "../../canary.txt" with { type: "bytes" };\n' +
        "export default () => new TextDecoder().decode(b);\n",
    }),
    refused: [readDenied('[^"]*/canary\\.txt')],
  },
  { name: "build_import_other", refused: [readDenied('[^"]*/ok/index\\.ts')] },
  {
    name: "build_map_outside",
    prepare: files({
      "deno.json": '{ "imports": { "secret": "../../canary.txt" } }',
      "index.ts": 'import s from "secret" with { type: "text" };\nexport default () => s;\n',
    }),
    refused: [
      /Cannot use deno\.json: imports\."secret": "\.\.\/\.\.\/canary\.txt" points outside the function folder/,
    ],
  },
  {
    name: "build_config_importmap",
    prepare: files({
      "deno.json": '{ "importMap": "../../map.json" }',
      "index.ts": 'export default () => "x";\n',
    }),
    refused: [/Cannot use deno\.json: key "importMap" is refused/],
  },
  {
    name: "build_config_unstable",
    prepare: files({
      "deno.json": '{ "unstable": ["raw-imports"], "nodeModulesDir": "auto" }',
      "index.ts": 'export default () => "x";\n',
    }),
    refused: [/key "unstable" is refused/, /key "nodeModulesDir" is refused/],
  },
  {
    name: "rt_read_outside",
    run: {
      path: (ctx) => `/?path=${encodeURIComponent(ctx.canary)}`,
      status: 500,
      body: /"error":"Requires read access to .*canary\.txt/,
    },
  },
  {
    name: "rt_env",
    run: {
      path: () => "/",
      status: 200,
      // An ungranted name reads as unset (libraries probe NODE_ENV at load); listing stays denied.
      body: /^\{"granted":"unset","platform":"unset","everything":"NotCapable"\}$/,
    },
  },
  {
    name: "rt_write_self",
    run: {
      path: () => "/",
      status: 200,
      body:
        /^\{"manifest":"NotCapable","entry":"NotCapable","beside":"NotCapable","above":"NotCapable"\}$/,
      after: async (p, dir) => {
        const manifest = await Deno.readTextFile(join(dir, "registry.json"));
        assertEquals(JSON.parse(manifest), { permissions: { write: ["data"] } });
        for (const escaped of [join(dir, "escape.txt"), join(p.inDir, "escape.txt")]) {
          await Deno.stat(escaped).then(() => assert(false, `${escaped} was written`), () => {});
        }
      },
    },
  },
  {
    name: "rt_read_bundle",
    run: {
      path: (ctx) => `/?path=${encodeURIComponent(join(ctx.outDir, "ok.js"))}`,
      status: 500,
      body: /"error":"Requires read access to .*ok\.js/,
    },
  },
  {
    name: "rt_kill",
    sandboxed: true,
    run: {
      path: (ctx) => `/?platform=${Deno.pid}&other=${ctx.otherPid}`,
      status: 200,
      body: /^\{"platform":"[^"]*not permitted","other":"[^"]*not permitted"\}$/,
    },
  },
  {
    name: "rt_run_identity",
    sandboxed: true,
    run: {
      path: () => `/?platform=${Deno.pid}`,
      status: 200,
      body: new RegExp(
        "^uid=(2\\d{5}) groups=\\1\nnnp=NoNewPrivs:1\nnproc=160 nofile=4096\n" +
          "tmp=/[^\n]+/rt_run_identity-\\d+/tmp\ntmp=writable\nplatform=denied\n$",
      ),
    },
  },
  {
    name: "rt_fork_bomb",
    sandboxed: true,
    run: {
      path: () => "/",
      status: 200,
      body: /^\{"code":2,"said":"\/bin\/sh: \d+: Cannot fork"\}$/,
    },
  },
  {
    name: "link_after_build",
    run: {
      afterBuild: link("data/escape", "/"),
      path: () => "/",
      status: 503,
      body:
        /permissions\.read\[0\]: \\"data\\" holds symlink \\"data\/escape\\" that leads outside/,
    },
  },
];

/** Copies every fixture (and `ok`), makes what git cannot hold, then moves it in at once. */
async function seed(p: TempPlatform, ctx: Ctx): Promise<void> {
  const staging = join(dirname(p.inDir), "staging");
  for (const { name, prepare } of [...ATTEMPTS, { name: "ok", prepare: undefined }]) {
    await copyDir(join(HOSTILE, name), join(staging, name));
    await prepare?.(join(staging, name), ctx);
    await Deno.rename(join(staging, name), join(p.inDir, name));
  }
}

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

/** Calls `/fn/<name><path>` until the gateway knows the function (its catalog lags builds). */
async function call(p: TempPlatform, name: string, path = "/") {
  for (let i = 0; i < 100; i++) {
    const r = await fetchText(`${p.url}/fn/${name}${path}`);
    if (r.status !== 404) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`Cannot reach /fn/${name}: still 404`);
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) yield* filesUnder(join(dir, e.name));
    else if (e.isFile) yield join(dir, e.name);
  }
}

Deno.test("hostile functions are refused at build or denied at run time, and leak nothing", async (t) => {
  Deno.env.set("DENOFN_CANARY_SECRET", SECRET);
  Deno.env.set("CANARY_SECRET", GRANTABLE_SECRET);
  const p = await startTempPlatform([]);
  const bodies: string[] = [];
  try {
    const ctx: Ctx = {
      canary: join(dirname(p.inDir), "canary.txt"),
      outDir: p.outDir,
      otherPid: 0,
    };
    await Deno.writeTextFile(ctx.canary, FILE_SECRET);
    await seed(p, ctx);
    const records = new Map(
      await Promise.all(
        [...ATTEMPTS.map((a) => a.name), "ok"].map(async (n) =>
          [n, await p.registry.rebuild(n)] as const
        ),
      ),
    );

    assertEquals((await call(p, "ok")).text, "ok v1");
    ctx.otherPid = p.supervisor.get("ok")!.slots.find((s) => !s.gone)!.instance.pid!;

    for (const attempt of ATTEMPTS) {
      await t.step({
        name: attempt.name,
        ignore: Boolean(attempt.sandboxed) && !SANDBOXED,
        fn: async () => {
          const record = records.get(attempt.name)!;
          if (attempt.refused) {
            assertEquals(record.status, "failed", `${attempt.name} built`);
            assertEquals(record.bundle, undefined);
            const r = await call(p, attempt.name);
            bodies.push(r.text);
            assertEquals(r.status, 503, r.text);
            const error = JSON.parse(r.text).error as string;
            for (const pattern of attempt.refused) {
              assertMatch(record.error, pattern);
              assertMatch(error, pattern);
            }
          } else {
            const run = attempt.run!;
            assertEquals(record.status, "ready", record.error);
            await run.afterBuild?.(join(p.inDir, attempt.name));
            const r = await call(p, attempt.name, run.path(ctx));
            bodies.push(r.text);
            assertEquals(r.status, run.status, r.text);
            assertMatch(r.text, run.body);
            await run.after?.(p, join(p.inDir, attempt.name));
          }
        },
      });
    }

    await t.step("a well-behaved function keeps answering and hot-reloading", async () => {
      assertEquals((await call(p, "ok")).text, "ok v1");
      await p.write("ok", "index.ts", 'export default (): string => "ok v2";\n');
      assertEquals((await call(p, "ok")).text, "ok v2");
    });

    await t.step("no canary appears in a response, log line, record or bundle", async () => {
      const seen = [...bodies, ...p.logs.map((l) => l.line)];
      for await (const file of filesUnder(p.outDir)) seen.push(await Deno.readTextFile(file));
      for (const canary of [SECRET, GRANTABLE_SECRET, FILE_SECRET, "root:x:0:0"]) {
        const leak = seen.find((text) => text.includes(canary));
        assertEquals(leak, undefined, `a canary leaked: ${leak?.slice(0, 200)}`);
      }
    });
  } finally {
    await p.close();
    Deno.env.delete("DENOFN_CANARY_SECRET");
    Deno.env.delete("CANARY_SECRET");
  }
});
