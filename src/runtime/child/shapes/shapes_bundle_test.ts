import { strictEqual } from "node:assert/strict";
import { NODE_SHAPES, nodeShapes } from "./build_node.ts";

Deno.test("templates/node/denofn_shapes.mjs is the current bundle of shapes/", async () => {
  strictEqual(
    await Deno.readTextFile(NODE_SHAPES),
    await nodeShapes(),
    "stale: run `deno run -A src/runtime/child/shapes/build_node.ts`",
  );
});
