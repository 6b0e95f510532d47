import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { parseManifest } from "./mod.ts";

Deno.test("parseManifest() normalizes permissions.store and fills the async defaults", () => {
  const m = parseManifest({ permissions: { store: { todos: "readwrite", audit: "read" } } });
  assertEquals(m.permissions.store, ["todos", "audit:read"]);
  assertEquals(parseManifest({ permissions: { store: ["a", "a", "b"] } }).permissions.store, [
    "a",
    "b",
  ]);
  assertEquals(m.async.retries, 3);
  assertEquals(m.triggers, []);
  assertEquals(m.schedule, undefined);
});

Deno.test("parseManifest() checks schedules, triggers and store grants", () => {
  assertEquals(parseManifest({ schedule: "*/5 * * * *" }).schedule, "*/5 * * * *");
  assertEquals(
    parseManifest({ schedule: { cron: "0 0 * * * *", path: "/nightly" } }).schedule,
    { cron: "0 0 * * * *", path: "/nightly" },
  );
  throws(() => parseManifest({ schedule: "every minute" }), /schedule.*cron expression/);
  throws(
    () => parseManifest({ triggers: [{ store: "todos" }] }),
    /triggers\[0\]\.store.*needs a grant in permissions\.store/,
  );
  const ok = parseManifest({
    permissions: { store: { todos: "read" } },
    triggers: [{ store: "todos", on: ["deleted"] }],
  });
  assertEquals(ok.triggers, [{ store: "todos", on: ["deleted"] }]);
  throws(() => parseManifest({ permissions: { store: ["Bad Name"] } }), /permissions\.store/);
  throws(() => parseManifest({ permissions: { store: { todos: "admin" } } }), /permissions\.store/);
  throws(() => parseManifest({ async: { retries: 99 } }), /async\.retries/);
  throws(() => parseManifest({ async: { nope: 1 } }), /unknown key "async\.nope"/);
});

Deno.test("a normalized store grant parses again, as a record read back from registry/ is", () => {
  const once = parseManifest({ permissions: { store: { notes: "read", todos: "readwrite" } } });
  const again = parseManifest(JSON.parse(JSON.stringify(once)));
  assertEquals(again.permissions.store, ["notes:read", "todos"]);
});
