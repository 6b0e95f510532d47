import { assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import { parseManifest, parseManifestText } from "./mod.ts";
import { manifestProblems } from "./_test_util.ts";

const problems = (raw: string) => manifestProblems(() => parseManifestText(raw));

Deno.test("parseManifest() takes container.keep for container runtimes, cold by default", () => {
  assertEquals(parseManifest({ runtime: "python" }).container, undefined);
  assertEquals(parseManifest({ runtime: "python", container: {} }).container, { keep: "cold" });
  assertEquals(
    parseManifest({ runtime: "node", container: { keep: "hot" } }).container,
    { keep: "hot" },
  );
});

Deno.test("parseManifest() refuses container options on Deno functions and unknown values", () => {
  assertMatch(
    problems('{ "container": { "keep": "hot" } }'),
    /container: applies to container runtimes only/,
  );
  assertMatch(problems('{ "runtime": "python", "container": { "keep": "warm" } }'), /keep/);
  assertMatch(problems('{ "runtime": "python", "container": { "pause": true } }'), /pause/);
});
