import { assert, assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import {
  envNameProblems,
  hostProblems,
  MAX_GRANTS,
  parseManifest,
  pathProblems,
  runProblems,
} from "./mod.ts";
import { manifestProblems } from "./_test_util.ts";

const problems = (raw: unknown) => manifestProblems(() => parseManifest(raw));

Deno.test("parseManifest() refuses a comma in every permission kind, naming key and value", () => {
  const cases: [string, string][] = [
    ["read", "data,/etc"],
    ["write", "out,/"],
    ["ffi", "lib,/usr/lib/x.so"],
    ["net", "example.com,evil.com"],
    ["env", "A,HOME"],
    ["run", "git,sh"],
    ["sys", "hostname,uid"],
  ];
  for (const [kind, value] of cases) {
    const msg = problems({ permissions: { [kind]: [value] } });
    assert(msg.includes(`permissions.${kind}[0]`), msg);
    assert(msg.includes(JSON.stringify(value)), msg);
  }
});

Deno.test("pathProblems() refuses commas, control characters, empty and escaping paths", () => {
  assertEquals(pathProblems("data"), []);
  assertEquals(pathProblems("data/../conf/x.json"), []);
  for (const bad of ["", "a,b", "a\0b", "a\nb", "../x", "/etc", "data/../../x", "x".repeat(1025)]) {
    assert(pathProblems(bad).length > 0, JSON.stringify(bad));
  }
});

Deno.test("hostProblems() takes host, host:port, [ipv6]:port and * only", () => {
  for (const ok of ["*", "example.com", "api.example.com:443", "127.0.0.1:8080", "[::1]:80"]) {
    assertEquals(hostProblems(ok), [], ok);
  }
  for (const bad of ["a,b", "http://x", "x:0", "x:70000", "-x.com", "a..b", "x y", "unix:/tmp/s"]) {
    assert(hostProblems(bad).length > 0, bad);
  }
});

Deno.test("envNameProblems() and runProblems() take plain names only", () => {
  assertEquals(envNameProblems("API_KEY"), []);
  for (const bad of ["1X", "A-B", "A,B", "A B", ""]) assert(envNameProblems(bad).length > 0, bad);
  assertEquals(runProblems("git"), []);
  assertEquals(runProblems("/usr/bin/git"), []);
  for (const bad of ["git,sh", "git sh", "-rf", "a\u0001"]) {
    assert(runProblems(bad).length > 0, bad);
  }
});

Deno.test("parseManifest() refuses more than MAX_GRANTS entries in a list", () => {
  const read = Array.from({ length: MAX_GRANTS + 1 }, (_, i) => `d${i}`);
  assertMatch(problems({ permissions: { read } }), /permissions\.read: .*at most 64/);
});

Deno.test("parseManifest() refuses write grants that cover what defines the function", () => {
  for (
    const [write, entry] of [["."], ["./"], ["registry.json"], ["deno.json"], [
      "src",
      "src/main.ts",
    ]]
  ) {
    const msg = problems({ permissions: { write: [write] }, ...(entry ? { entry } : {}) });
    assertMatch(msg, /permissions\.write\[0\]: .*covers/, write);
  }
  assertEquals(parseManifest({ permissions: { write: ["data"] } }).permissions.write, ["data"]);
});
