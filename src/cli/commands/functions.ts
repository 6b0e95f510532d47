/** `ls`, `describe <name>`, `rm <name>`, `restart <name>`. */
import type { FunctionDetail, FunctionStatus } from "../../admin/mod.ts";
import { oneArg } from "../args.ts";
import { adminJson } from "../client.ts";
import { ago, bytes, printJson, table } from "../output.ts";
import type { Ctx } from "./context.ts";

/** `denofn ls`: every function with status, state, instances and counters. */
export async function ls(ctx: Ctx): Promise<number> {
  const { body } = await adminJson<{ functions: FunctionStatus[] }>(await ctx.conn(), "/functions");
  if (ctx.flags.json) return printJson(body.functions), 0;
  if (body.functions.length === 0) return console.log("No functions deployed."), 0;
  console.log(table(
    ["NAME", "STATUS", "STATE", "INSTANCES", "RUNTIME", "CALLS", "ERRORS", "BUILT"],
    body.functions.map((f) => [
      f.name,
      f.status,
      f.state,
      String(f.instances.length),
      f.runtime,
      String(f.counters.invocations),
      String(f.counters.errors),
      ago(Date.parse(f.builtAt)),
    ]),
  ));
  for (const f of body.functions) if (f.error) console.log(`\n${f.name}: ${f.error}`);
  return 0;
}

/** `denofn describe <name>`: status, instances, manifest and permission flags. */
export async function describe(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const { body: f } = await adminJson<FunctionDetail>(await ctx.conn(), `/functions/${name}`);
  if (ctx.flags.json) return printJson(f), 0;
  const rows: [string, string][] = [
    ["Name", f.name],
    ["Runtime", f.runtime],
    ["Status", f.error ? `${f.status}: ${f.error}` : f.status],
    ["State", `${f.state} (${f.instances.length} instance${f.instances.length === 1 ? "" : "s"})`],
    ["Hash", f.hash.slice(0, 16)],
    ["Built", `${f.builtAt} (${ago(Date.parse(f.builtAt))}) in ${f.buildMs} ms`],
    ["Bundle", f.bundle ? `${f.bundle} (${bytes(f.bundleBytes ?? 0)})` : f.image ?? "-"],
    ["Source", f.sourceDir],
    [
      "Calls",
      `${f.counters.invocations} (${f.counters.errors} errors, ${f.counters.coldStarts} cold)`,
    ],
  ];
  for (const [k, v] of rows) console.log(`${(k + ":").padEnd(10)} ${v}`);
  if (f.instances.length) {
    console.log(
      "\n" + table(
        ["INSTANCE", "PID/CONTAINER", "SINCE", "IN FLIGHT"],
        f.instances.map((i) => [
          i.id,
          String(i.pid ?? i.containerId?.slice(0, 12) ?? "-"),
          ago(i.since),
          String(i.inFlight),
        ]),
      ),
    );
  }
  if (f.permissionFlags) console.log(`\nPermission flags:\n  ${f.permissionFlags.join("\n  ")}`);
  if (f.manifest) console.log(`\nManifest:\n${JSON.stringify(f.manifest, null, 2)}`);
  return 0;
}

/** `denofn rm <name>`. */
export async function rm(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const { body } = await adminJson(await ctx.conn(), `/functions/${name}`, { method: "DELETE" });
  if (ctx.flags.json) printJson(body);
  else console.log(`Removed ${name}.`);
  return 0;
}

/** `denofn restart <name>`. */
export async function restart(ctx: Ctx): Promise<number> {
  const name = oneArg(ctx, "name");
  const { body } = await adminJson<{ stoppedInstances: number }>(
    await ctx.conn(),
    `/functions/${name}/restart`,
    { method: "POST" },
  );
  if (ctx.flags.json) printJson(body);
  else console.log(`Restarted ${name}: stopped ${body.stoppedInstances} instance(s).`);
  return 0;
}
