import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { rawPathProblem, targetPath } from "./raw_path.ts";

Deno.test("targetPath() takes the path of origin and absolute targets", () => {
  assertEquals(targetPath("/fn/a/b?x=/../y#f"), "/fn/a/b");
  assertEquals(targetPath("http://h:8000/fn/a?q"), "/fn/a");
  assertEquals(targetPath("http://h"), "/");
});

Deno.test("rawPathProblem() refuses dot segments, backslashes and, under /fn/, encoded slashes", () => {
  for (
    const path of [
      "/fn/a/../b",
      "/fn/a/..",
      "/fn/./a",
      "/fn/a/%2e%2E/b",
      "/fn/a/.%2e/b",
      "/fn/a/%2e/b",
      "/x/../fn/b",
      "/fn/a\\b",
      "/fn/a%2fb",
      "/fn/a/%5C..",
      "/async/fn/a%2F..",
    ]
  ) match(rawPathProblem(path) ?? "", /^path /, path);
  for (const path of ["/fn/a", "/fn/a/x..y/.env", "/fn/a/b%20c", "/store/c/a%2fb", "/fn/a/..x"]) {
    assertEquals(rawPathProblem(path), undefined, path);
  }
});
