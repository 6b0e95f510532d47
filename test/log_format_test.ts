/**
 * `DENOFN_LOG_FORMAT=json`: every line the platform process prints on stdout is one JSON object,
 * and a function's output line carries its function, instance and request id.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startPlatformProcess } from "./helpers/platform_process.ts";

Deno.test("DENOFN_LOG_FORMAT=json prints JSON lines with request, function and instance", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-logs-" });
  const fn = join(root, "registry_in", "chatty");
  await Deno.mkdir(fn, { recursive: true });
  await Deno.writeTextFile(
    join(fn, "index.ts"),
    `export default (req: Request) => { console.log("handling {" + new URL(req.url).pathname + "}"); return "ok"; };`,
  );
  const platform = await startPlatformProcess({
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    DENOFN_LOG_FORMAT: "json",
  });
  try {
    const res = await fetch(`${platform.url}/fn/chatty/there`);
    assertEquals(await res.text(), "ok");
    const requestId = res.headers.get("x-request-id");
    // deno-lint-ignore no-explicit-any
    let records: any[] = [];
    for (let i = 0; i < 50; i++) {
      const lines = platform.output().split("\n").filter((l) => l !== "");
      records = lines.map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          throw new Error(`not a JSON line: ${l}`);
        }
      });
      if (records.some((r) => r.logger === "denofn.fn")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const line = records.find((r) => r.logger === "denofn.fn");
    assert(line, JSON.stringify(records));
    assertEquals(
      [line.message, line.function, line.requestId, line.stream, line.level],
      ["handling {/there}", "chatty", requestId, "stdout", "INFO"],
    );
    assert(/^chatty-\d+$/.test(line.instance), line.instance);
    const ready = records.find((r) => r.message.startsWith("denofn ready at"));
    assertEquals(ready.url, platform.url);
    assert(
      records.some((r) => r.logger === "denofn.registry" && r.function === "chatty"),
      JSON.stringify(records),
    );
    for (const r of records) assert(!Number.isNaN(Date.parse(r["@timestamp"])), JSON.stringify(r));
  } finally {
    await platform.stop();
    await Deno.remove(root, { recursive: true });
  }
});
