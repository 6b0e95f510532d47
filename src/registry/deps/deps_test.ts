import { deepStrictEqual as assertEquals, match, throws } from "node:assert/strict";
import { checkRequirements, dependencyProblems, npmImportMap } from "./mod.ts";

Deno.test("dependencyProblems() takes registry versions and refuses anything that points elsewhere", () => {
  for (const spec of ["^4.6.0", "~1.2", "1.x", ">=1 <2", "*", "latest", "npm:other@^2", ""]) {
    assertEquals(dependencyProblems("pkg", spec), [], spec);
  }
  for (
    const spec of [
      "file:../../secret",
      "link:/etc",
      "workspace:*",
      "github:evil/repo",
      "git+https://example.com/x.git",
      "https://example.com/x.tgz",
      "evil/repo",
      "../x",
      "/abs",
      "npm:../x@1",
    ]
  ) {
    match(dependencyProblems("pkg", spec).join(), /is not a registry version/, spec);
  }
  match(dependencyProblems("../evil", "1").join(), /not a valid npm package name/);
});

Deno.test("npmImportMap() maps names and subpaths to npm: specifiers", () => {
  assertEquals(npmImportMap({ hono: "^4.6.0", alias: "npm:real@2" }), {
    hono: "npm:hono@^4.6.0",
    "hono/": "npm:/hono@^4.6.0/",
    alias: "npm:real@2",
    "alias/": "npm:/real@2/",
  });
});

Deno.test("checkRequirements() keeps plain requirements, leaves out stand-ins, refuses the rest", () => {
  const ok = checkRequirements(
    "# comment\nrequests==2.31.0\nflask[async] >=2, <4 ; python_version >= '3.8'\n" +
      "Functions_Framework==3.*\nazure-functions\n",
  );
  assertEquals(ok.lines, ["requests==2.31.0", "flask[async] >=2, <4 ; python_version >= '3.8'"]);
  assertEquals(ok.standIns, ["Functions_Framework", "azure-functions"]);
  for (
    const line of [
      "--index-url https://evil.example/simple",
      "-i https://evil.example/simple",
      "--find-links /etc",
      "-r other.txt",
      "-e git+https://evil.example/x.git#egg=x",
      "pkg @ https://evil.example/pkg.whl",
      "https://evil.example/pkg.whl",
      "./local-folder",
      "/abs/pkg.whl",
    ]
  ) {
    throws(() => checkRequirements(line), /is not a plain requirement/, line);
  }
});
