/**
 * `denofn deploy [<dir> | <stack function>] [--name] [--stack]`: pack (honouring .denofnignore),
 * upload, wait for the build, show the permission diff; with no argument, every function of the
 * stack file.
 */
import { basename, join, resolve } from "node:path";
import type { PermissionDiff } from "../../admin/mod.ts";
import { isValidFunctionName } from "../../manifest/mod.ts";
import { packDir } from "../../admin/tar/mod.ts";
import { adminJson } from "../client.ts";
import type { Connection } from "../config.ts";
import { CliError, EXIT, usage } from "../errors.ts";
import { loadIgnore } from "../ignore.ts";
import { bytes, printJson } from "../output.ts";
import { findStackFile, loadStack, mergeManifest, type StackFunction } from "../stack.ts";
import type { Ctx } from "./context.ts";

interface DeployAnswer {
  name: string;
  created: boolean;
  files: number;
  bytes: number;
  build: { status: string; error?: string; buildMs?: number; hash?: string; bundleBytes?: number };
  permissions: PermissionDiff;
}

/** Human lines for a permission diff. */
export function describeDiff(diff: PermissionDiff): string[] {
  const kinds = Object.entries(diff.kinds);
  if (diff.firstDeploy) {
    if (kinds.length === 0) return ["Permissions: none (it can only answer calls)."];
    return ["Permissions granted:", ...kinds.map(([k, c]) => `  + ${k}: ${c!.granted.join(", ")}`)];
  }
  if (!diff.changed) return ["Permissions: unchanged."];
  const lines = ["Permissions changed from the running version:"];
  for (const [k, c] of kinds) {
    for (const g of c!.granted) lines.push(`  + ${k}: ${g}   (granted)`);
    for (const r of c!.revoked) lines.push(`  - ${k}: ${r}   (revoked)`);
  }
  return lines;
}

const isDir = (path: string) => Deno.stat(path).then((s) => s.isDirectory, () => false);

/** Runs `denofn deploy`. */
export async function deploy(ctx: Ctx): Promise<number> {
  if (ctx.args.length > 1) throw usage(`"denofn deploy" takes at most one <dir>`);
  const arg = ctx.args[0];
  const stackFile = ctx.flags.stack ?? (await findStackFile());
  if (arg !== undefined && (await isDir(arg) || !stackFile)) {
    const dir = resolve(arg);
    return await deployAll(ctx, [{ name: ctx.flags.name ?? basename(dir), dir }], false);
  }
  if (!stackFile) {
    throw usage(`"denofn deploy" takes a <dir>, or deploys the functions of ./denofn.yaml`);
  }
  if (ctx.flags.name) throw usage(`--name names one folder; a stack names its functions`);
  let stack = await loadStack(stackFile);
  if (arg !== undefined) {
    stack = stack.filter((f) => f.name === arg);
    if (!stack.length) throw usage(`${arg} is neither a folder nor a function of ${stackFile}`);
  } else ctx.progress(`Deploying ${stack.length} function(s) of ${stackFile}`);
  return await deployAll(ctx, stack, true);
}

async function deployAll(ctx: Ctx, functions: StackFunction[], stack: boolean): Promise<number> {
  for (const f of functions) {
    if (!isValidFunctionName(f.name)) {
      throw usage(`"${f.name}" is not a valid function name (a-z, 0-9, _ and -); pass --name`);
    }
    if (!(await isDir(f.dir))) throw usage(`${f.dir} is not a folder`);
  }
  const conn = await ctx.conn();
  const answers: DeployAnswer[] = [];
  for (const f of functions) answers.push(await deployOne(ctx, conn, f));
  if (ctx.flags.json) printJson(stack ? answers : answers[0]);
  const failed = answers.filter((a) => a.build.status !== "ready");
  if (failed.length) {
    const names = failed.map((a) => a.name).join(", ");
    throw new CliError(EXIT.rejected, `Build of ${names} failed`, answers);
  }
  return 0;
}

/** The folder's `registry.json` with the stack's overrides, as the bytes to pack instead. */
async function manifestWith(f: StackFunction): Promise<Record<string, Uint8Array>> {
  if (!f.manifest) return {};
  const path = join(f.dir, "registry.json");
  const text = await Deno.readTextFile(path).catch(() => "{}");
  let base: unknown;
  try {
    base = JSON.parse(text);
  } catch (e) {
    throw usage(`Cannot merge the stack's manifest into ${path}: ${(e as Error).message}`);
  }
  if (typeof base !== "object" || base === null || Array.isArray(base)) {
    throw usage(`Cannot merge the stack's manifest into ${path}: not a JSON object`);
  }
  const merged = mergeManifest(base as Record<string, unknown>, f.manifest);
  return { "registry.json": new TextEncoder().encode(JSON.stringify(merged, null, 2) + "\n") };
}

async function deployOne(ctx: Ctx, conn: Connection, f: StackFunction): Promise<DeployAnswer> {
  const { name, dir } = f;
  const packed = await packDir(dir, {
    skip: await loadIgnore(dir),
    replace: await manifestWith(f),
  });
  ctx.progress(
    `Packed ${packed.files} files from ${dir} (${bytes(packed.size)}, ${
      bytes(packed.bytes.length)
    } gzipped)`,
  );
  if (packed.skipped.length) {
    const shown = packed.skipped.slice(0, 8).join(", ");
    const more = packed.skipped.length > 8 ? `, and ${packed.skipped.length - 8} more` : "";
    ctx.progress(`Left out (.denofnignore and defaults): ${shown}${more}`);
  }
  ctx.progress(`Uploading to ${conn.url} and building ${name}...`);
  const started = Date.now();
  const tick = Deno.stderr.isTerminal() && !ctx.flags.json
    ? setInterval(() => {
      const s = ((Date.now() - started) / 1000).toFixed(0);
      Deno.stderr.writeSync(new TextEncoder().encode(`\r  building... ${s}s`));
    }, 1000)
    : undefined;
  let answer: { status: number; body: DeployAnswer };
  try {
    answer = await adminJson<DeployAnswer>(conn, `/functions/${name}`, {
      method: "PUT",
      headers: { "content-type": "application/gzip" },
      body: packed.bytes as BodyInit,
    }, [422]);
  } finally {
    if (tick !== undefined) {
      clearInterval(tick);
      Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
    }
  }
  const { body } = answer;
  if (!ctx.flags.json) {
    const verb = body.created ? "Created" : "Updated";
    const b = body.build;
    console.log(
      b.status === "ready"
        ? `${verb} ${name}: built in ${b.buildMs} ms (${bytes(b.bundleBytes ?? 0)} bundle, hash ${
          b.hash?.slice(0, 12)
        })`
        : `${verb} ${name}, but the build FAILED: ${b.error}`,
    );
    for (const line of describeDiff(body.permissions)) console.log(line);
    if (b.status === "ready") console.log(`Call it: curl ${conn.url}/fn/${name}`);
  }
  return body;
}
