import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseManifest } from "../../manifest/mod.ts";
import {
  baseImageVariable,
  containerCreateBody,
  createTemplateBuilders,
  demuxLogLines,
  loadTemplate,
  loadTemplates,
} from "../mod.ts";

const TEMPLATES = fileURLToPath(new URL("../../../templates", import.meta.url));

Deno.test("loadTemplates() validates every shipped template", async () => {
  const all = await loadTemplates(TEMPLATES);
  assertEquals([...all.keys()], ["deno-container", "exec", "node", "python"]);
  assertEquals(all.get("python")!.entry[0], "handler.py");
  assertEquals(all.get("python")!.dependencies, "pip");
  assertEquals(all.get("node")!.dependencies, "npm");
  assertEquals([...all.values()].map((t) => t.port), [8080, 8080, 8080, 8080]);
});

Deno.test("createTemplateBuilders() makes one builder per template, never for deno", () => {
  assertEquals(Object.keys(createTemplateBuilders(TEMPLATES)).sort(), [
    "deno-container",
    "exec",
    "node",
    "python",
  ]);
});

Deno.test("loadTemplate() names a missing Dockerfile", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/template.json`, '{"baseImage":"x","entry":["a"],"port":1}');
    await rejects(loadTemplate(dir, "t"), /file Dockerfile is missing/);
    await Deno.writeTextFile(`${dir}/template.json`, '{"entry":["a"],"port":1}');
    await rejects(loadTemplate(dir, "t"), /Invalid template.json of "t": baseImage/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("baseImageVariable() upper-cases the runtime", () => {
  assertEquals(baseImageVariable("deno-container"), "DENOFN_BASE_IMAGE_DENO_CONTAINER");
});

Deno.test("containerCreateBody() hardens the container and passes only the manifest's env", () => {
  const manifest = parseManifest({ runtime: "python", memoryMb: 64, env: { A: "1" } });
  const record = {
    name: "f",
    status: "ready" as const,
    hash: "h",
    runtime: "python",
    builtAt: "",
    buildMs: 0,
    sourceDir: "/x",
    image: "denofn-f:abc",
    manifest,
  };
  const body = containerCreateBody(record, "f-1", {
    network: "denofn",
    owner: "platform",
    pidsLimit: 128,
    cpus: 1,
    tmpfsSize: "64m",
  });
  assertEquals(body.Env, ["A=1"]);
  assertEquals(body.HostConfig.CapDrop, ["ALL"]);
  assertEquals(body.HostConfig.ReadonlyRootfs, true);
  assertEquals(body.HostConfig.Memory, 64 * 1024 * 1024);
  assertEquals(body.HostConfig.SecurityOpt, ["no-new-privileges"]);
  assertEquals(body.Labels["denofn.function"], "f");
});

Deno.test("demuxLogLines() splits Docker's multiplexed frames into lines per stream", async () => {
  const frame = (stream: number, text: string) => {
    const payload = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + payload.length);
    out[0] = stream;
    new DataView(out.buffer).setUint32(4, payload.length);
    out.set(payload, 8);
    return out;
  };
  const bytes = [frame(1, "he"), frame(2, "oops\n"), frame(1, "llo\nnext")];
  const joined = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bytes) (joined.set(b, at), at += b.length);
  const lines: string[] = [];
  const body = new Blob([joined.slice(0, 5), joined.slice(5)]).stream();
  await demuxLogLines(body, (s, l) => lines.push(`${s}:${l}`));
  assertEquals(lines, ["stderr:oops", "stdout:hello", "stdout:next"]);
});
