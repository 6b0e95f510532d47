/**
 * Writes `templates/node/denofn_shapes.mjs`: this folder bundled for Node, so the Node launcher
 * adapts the same calling conventions with the same code as the Deno runner. Run it after
 * changing `shapes/` (`shapes_bundle_test.ts` fails while the file is stale):
 *
 * `deno run -A src/runtime/child/shapes/build_node.ts`
 */
import { fileURLToPath } from "node:url";

/** Where the Node copy lives. */
export const NODE_SHAPES = fileURLToPath(
  new URL("../../../../templates/node/denofn_shapes.mjs", import.meta.url),
);

const HEADER = "// Generated from src/runtime/child/shapes/ by build_node.ts: do not edit.\n" +
  "// deno-fmt-ignore-file\n// deno-lint-ignore-file\n";

/** The Node copy as it should be. */
export async function nodeShapes(): Promise<string> {
  const entry = fileURLToPath(new URL("./mod.ts", import.meta.url));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--no-lock", "--no-config", "--platform=browser", "--format=esm", entry],
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  const root = fileURLToPath(new URL("../../../../", import.meta.url));
  return HEADER + new TextDecoder().decode(out.stdout).replaceAll(root, "");
}

if (import.meta.main) {
  await Deno.writeTextFile(NODE_SHAPES, await nodeShapes());
  console.log(`wrote ${NODE_SHAPES}`);
}
