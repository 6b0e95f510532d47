/** `denofn deploy <dir> [--name]`: pack, upload, wait for the build, show the permission diff. */
import { basename, resolve } from "node:path";
import type { PermissionDiff } from "../../admin/mod.ts";
import { isValidFunctionName } from "../../manifest/mod.ts";
import { packDir } from "../../admin/tar/mod.ts";
import { oneArg } from "../args.ts";
import { adminJson } from "../client.ts";
import { CliError, EXIT, usage } from "../errors.ts";
import { bytes, printJson } from "../output.ts";
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

/** Runs `denofn deploy`. */
export async function deploy(ctx: Ctx): Promise<number> {
  const dir = resolve(oneArg(ctx, "dir"));
  const name = ctx.flags.name ?? basename(dir);
  if (!isValidFunctionName(name)) {
    throw usage(`"${name}" is not a valid function name (a-z, 0-9, _ and -); pass --name`);
  }
  const info = await Deno.stat(dir).catch(() => undefined);
  if (!info?.isDirectory) throw usage(`${dir} is not a folder`);
  const conn = await ctx.conn();
  const packed = await packDir(dir);
  ctx.progress(
    `Packed ${packed.files} files from ${dir} (${bytes(packed.size)}, ${
      bytes(packed.bytes.length)
    } gzipped)`,
  );
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
  if (ctx.flags.json) printJson(body);
  else {
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
  if (body.build.status !== "ready") {
    throw new CliError(EXIT.rejected, `Build of ${name} failed`, body);
  }
  return 0;
}
