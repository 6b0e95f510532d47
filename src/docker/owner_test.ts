import { deepStrictEqual as assertEquals, match, notStrictEqual, throws } from "node:assert/strict";
import { join } from "node:path";
import { dockerIdentity, DockerOwnerError, networkFor, ownerFor, realDataDir } from "./owner.ts";

Deno.test("ownerFor() is a short stable hash of the data folder, unique per folder", () => {
  const a = ownerFor("/srv/a/data");
  match(a, /^d-[0-9a-f]{12}$/);
  assertEquals(ownerFor("/srv/a/data"), a);
  notStrictEqual(ownerFor("/srv/b/data"), a);
});

Deno.test("ownerFor() takes an explicit owner as is and refuses a bad one", () => {
  assertEquals(ownerFor("/srv/a/data", "staging"), "staging");
  throws(() => ownerFor("/srv/a/data", "Bad Owner"), DockerOwnerError);
  throws(() => ownerFor("/srv/a/data", ""), /Cannot use docker owner "": it must match/);
});

Deno.test("networkFor() derives denofn-<owner> unless one is named", () => {
  assertEquals(networkFor("d-0123456789ab"), "denofn-d-0123456789ab");
  assertEquals(networkFor("d-0123456789ab", "shared"), "shared");
});

Deno.test("realDataDir() follows symlinks, also for a folder not made yet", async () => {
  const tmp = await Deno.realPath(await Deno.makeTempDir({ prefix: "denofn-owner-" }));
  try {
    await Deno.mkdir(join(tmp, "real"));
    await Deno.symlink(join(tmp, "real"), join(tmp, "link"));
    assertEquals(await realDataDir(join(tmp, "link")), join(tmp, "real"));
    const before = await realDataDir(join(tmp, "link", "data", "kv"));
    assertEquals(before, join(tmp, "real", "data", "kv"));
    await Deno.mkdir(join(tmp, "real", "data", "kv"), { recursive: true });
    assertEquals(await realDataDir(join(tmp, "link", "data", "kv")), before);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("dockerIdentity() gives one owner per real data folder, or the explicit ones", async () => {
  const tmp = await Deno.realPath(await Deno.makeTempDir({ prefix: "denofn-owner-" }));
  try {
    await Deno.symlink(tmp, join(tmp, "alias"));
    const a = await dockerIdentity({ dataDir: join(tmp, "data") });
    assertEquals(a, { owner: ownerFor(join(tmp, "data")), network: `denofn-${a.owner}` });
    assertEquals(await dockerIdentity({ dataDir: join(tmp, "alias", "data") }), a);
    notStrictEqual((await dockerIdentity({ dataDir: join(tmp, "other") })).owner, a.owner);
    assertEquals(
      await dockerIdentity({ dataDir: join(tmp, "data"), owner: "compose", network: "fns" }),
      { owner: "compose", network: "fns" },
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
