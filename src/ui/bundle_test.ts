import { assert } from "../../test/helpers/assert.ts";
import { join } from "node:path";
import { DIST_DIR, sourcesHash, stamp } from "./build.ts";

Deno.test("the committed client bundle is built from the current sources (deno task ui:build)", async () => {
  const expected = stamp(await sourcesHash());
  for (const name of ["main.js", "main.css"]) {
    const first = (await Deno.readTextFile(join(DIST_DIR, name))).split("\n", 1)[0];
    assert(
      first === expected,
      `src/ui/static/dist/${name} is stale: the client sources changed; run deno task ui:build`,
    );
  }
});
