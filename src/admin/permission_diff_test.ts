import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseManifest } from "../manifest/mod.ts";
import { diffPermissions } from "./permission_diff.ts";

Deno.test("diffPermissions() lists granted and revoked entries per kind", () => {
  const before = parseManifest({ permissions: { net: ["a.com"], env: ["HOME"], sys: ["cpus"] } });
  const after = parseManifest({
    permissions: { net: ["a.com", "b.com"], run: ["git"], sys: ["cpus"] },
  });
  assertEquals(diffPermissions(before, after), {
    changed: true,
    firstDeploy: false,
    kinds: {
      net: { granted: ["b.com"], revoked: [] },
      env: { granted: [], revoked: ["HOME"] },
      run: { granted: ["git"], revoked: [] },
    },
  });
  assertEquals(diffPermissions(after, after), { changed: false, firstDeploy: false, kinds: {} });
  assertEquals(diffPermissions(undefined, parseManifest({})).firstDeploy, true);
});
