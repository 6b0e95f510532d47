/** `denofn new <name> [--runtime] [--dir]`, `denofn new --list`: scaffold a function folder. */
import { join, resolve } from "node:path";
import { isValidFunctionName } from "../../manifest/mod.ts";
import { oneArg } from "../args.ts";
import { CliError, EXIT, usage } from "../errors.ts";
import { printJson } from "../output.ts";
import type { Ctx } from "./context.ts";

const TEST = (body: string) => ({
  request: { path: "/?name=test" },
  expect: { bodyContains: body },
});

/** The in-process test of the Deno starters: `deno test` in the folder, no platform needed. */
const DENO_TEST = (name: string) =>
  `// Tests ${name} in-process with denofn/micro/testing: no server, no platform (deno test).
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { invoke } from "denofn/micro/testing";
import handler from "./index.ts";

Deno.test("${name} greets the name in the query, or the world", async () => {
  assertEquals(await (await invoke(handler, "/?name=Ada")).text(), "Hello, Ada!");
  assertEquals(await (await invoke(handler, "/")).text(), "Hello, world!");
});
`;

/** What each starter is, for `denofn new --list`. */
export const STARTER_INFO: Record<string, string> = {
  deno: "TypeScript on Deno in a sandboxed process: index.ts with createHandler, and a test",
  node: "Node.js in a container: index.mjs default-exporting (Request) => Response",
  python: "Python 3 in a container: handler.py with def handle(req)",
  exec: "any executable in a container: body on stdin, stdout is the answer",
  "deno-container": "the Deno starter, run in a container instead of a process",
};

/** Starter files per runtime (modelled on the shipped examples in `registry_in/`). */
export const STARTERS: Record<string, (name: string) => Record<string, string>> = {
  deno: (name) => ({
    "index.ts": `// ${name}: greets \`?name=\` (default "world").
import { createHandler } from "denofn/micro";

export default createHandler((req) => {
  const name = new URL(req.url).searchParams.get("name") ?? "world";
  console.log(\`greeting \${name}\`);
  return \`Hello, \${name}!\`;
});
`,
    "registry.json": JSON.stringify({ test: TEST("Hello, test!") }, null, 2) + "\n",
    "index_test.ts": DENO_TEST(name),
  }),
  node: (name) => ({
    "index.mjs": `// ${name}: a Node function with the web-standard (Request) => Response shape.
export default function (req) {
  const name = new URL(req.url).searchParams.get("name") ?? "world";
  return new Response(\`Hello, \${name} from Node!\`);
}
`,
    "registry.json": JSON.stringify({ runtime: "node", test: TEST("Hello, test") }, null, 2) + "\n",
  }),
  python: (name) => ({
    "handler.py":
      `"""${name}: handle(req) returns str, bytes, a dict (JSON) or (body, status, headers)."""


def handle(req):
    name = req.query.get("name", ["world"])[0]
    return f"Hello, {name} from Python!"
`,
    "registry.json": JSON.stringify({ runtime: "python", test: TEST("Hello, test") }, null, 2) +
      "\n",
  }),
  exec: () => ({
    "handler": `#!/bin/sh
# The request body on stdin, stdout is the response (exit 0 -> 200, else 500).
exec tr a-z A-Z
`,
    "registry.json": JSON.stringify(
      {
        runtime: "exec",
        test: { request: { method: "POST", body: "abc" }, expect: { bodyContains: "ABC" } },
      },
      null,
      2,
    ) + "\n",
  }),
};
STARTERS["deno-container"] = (name) => ({
  ...STARTERS.deno(name),
  "registry.json":
    JSON.stringify({ runtime: "deno-container", test: TEST("Hello, test!") }, null, 2) +
    "\n",
});

/** Runs `denofn new`. */
export async function scaffold(ctx: Ctx): Promise<number> {
  if (ctx.flags.list) {
    if (ctx.args.length) throw usage(`"denofn new --list" takes no <name>`);
    if (ctx.flags.json) return printJson(STARTER_INFO), 0;
    for (const [runtime, what] of Object.entries(STARTER_INFO)) {
      console.log(`${runtime.padEnd(16)} ${what}`);
    }
    return 0;
  }
  const name = oneArg(ctx, "name");
  if (!isValidFunctionName(name)) {
    throw usage(`"${name}" is not a valid function name: use a-z, 0-9, _ and - (max 63)`);
  }
  const runtime = ctx.flags.runtime ?? "deno";
  const starter = STARTERS[runtime];
  if (!starter) {
    throw usage(`No starter for runtime "${runtime}" (known: ${Object.keys(STARTERS).join(", ")})`);
  }
  const parent = ctx.flags.dir ??
    (await Deno.stat("registry_in").then((s) => s.isDirectory, () => false) ? "registry_in" : ".");
  const dir = resolve(parent, name);
  if (await Deno.stat(dir).then(() => true, () => false)) {
    throw new CliError(EXIT.rejected, `${dir} already exists`);
  }
  const files = starter(name);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, text, { mode: rel === "handler" ? 0o755 : 0o644 });
  }
  if (ctx.flags.json) printJson({ name, runtime, dir, files: Object.keys(files) });
  else {
    console.log(`Created ${dir} (${runtime}): ${Object.keys(files).join(", ")}`);
    console.log(`Deploy it: denofn deploy ${dir}`);
  }
  return 0;
}
