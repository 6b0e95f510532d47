import { assert, assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import {
  DEFAULT_MANIFEST_DEFAULTS,
  insideFolder,
  isValidFunctionName,
  MAX_MANIFEST_BYTES,
  parseManifest,
  parseManifestText,
} from "./mod.ts";
import { manifestProblems } from "./_test_util.ts";

const problems = (raw: string) => manifestProblems(() => parseManifestText(raw));

Deno.test("parseManifest() fills safe defaults into an empty manifest", () => {
  const m = parseManifest(undefined);
  assertEquals(m.runtime, "deno");
  assertEquals(m.mode, "http");
  assertEquals(m.permissions, {
    net: [],
    read: [],
    write: [],
    env: [],
    run: [],
    ffi: [],
    sys: [],
    store: [],
  });
  assertEquals(m.timeoutMs, DEFAULT_MANIFEST_DEFAULTS.timeoutMs);
  assertEquals(m.env, {});
});

Deno.test("parseManifest() names an unknown key and lists the allowed ones", () => {
  const msg = problems('{ "timeoutMS": 10 }');
  assertMatch(msg, /unknown key "timeoutMS"/);
  assertMatch(msg, /allowed: .*timeoutMs/);
  assertMatch(problems('{ "permissions": { "nett": [] } }'), /"permissions\.nett".*allowed: net,/);
});

Deno.test("parseManifest() names a bad value and says what is allowed", () => {
  assertMatch(problems('{ "mode": "cgi" }'), /mode: .*"http"\|"stdin"/);
  assertMatch(problems('{ "timeoutMs": -1 }'), /timeoutMs/);
  assertMatch(problems('{ "permissions": { "net": ["http://x"] } }'), /permissions\.net\[0\]/);
  assertMatch(problems('{ "env": { "1BAD": "x" } }'), /env/);
  assertMatch(problems("{ not json"), /not valid JSON/);
});

Deno.test("parseManifest() refuses permission paths that escape the function folder", () => {
  assertMatch(
    problems('{ "permissions": { "read": ["../secrets"] } }'),
    /permissions\.read\[0\]: .*inside/,
  );
  assertMatch(problems('{ "permissions": { "write": ["/etc"] } }'), /permissions\.write\[0\]/);
  assertMatch(problems('{ "entry": "../x.ts" }'), /entry/);
  assert(insideFolder("data/../data/x"));
  assert(!insideFolder("data/../../x"));
});

Deno.test("isValidFunctionName() follows the contract pattern", () => {
  for (const ok of ["hello", "a", "my-fn_2", "0abc"]) assert(isValidFunctionName(ok), ok);
  for (const bad of ["", "Hello", "-x", "_x", "a/b", "..", "a".repeat(64), "a b"]) {
    assert(!isValidFunctionName(bad), bad);
  }
});

Deno.test("parseManifestText() refuses a manifest over 256 KiB before parsing it", () => {
  const text = JSON.stringify({ $schema: "x".repeat(MAX_MANIFEST_BYTES) });
  assertMatch(problems(text), /registry\.json is \d+ bytes; a manifest may be at most 262144/);
});

Deno.test("parseManifest() names the value of a bad key, not only the key", () => {
  assertMatch(problems('{ "memoryMb": 1 }'), /memoryMb: .*\(got 1\)/);
  assertMatch(problems('{ "permissions": { "sys": ["hostname,uid"] } }'), /\(got "hostname,uid"\)/);
});

Deno.test("parseManifest() keeps minInstances at most maxInstances", () => {
  assertEquals(parseManifest(undefined).minInstances, 0);
  assertEquals(parseManifest({ minInstances: 2, maxInstances: 2 }).minInstances, 2);
  assertMatch(
    problems('{ "minInstances": 2 }'),
    /minInstances: must be at most maxInstances \(1\)/,
  );
});

Deno.test("parseManifest() refuses more env variables than fit the runner's argument", () => {
  const env = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`V${i}`, "x"]));
  let message = "";
  try {
    parseManifest({ env });
  } catch (e) {
    message = (e as Error).message;
  }
  assertMatch(message, /at most 256/);
});
