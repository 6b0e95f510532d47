import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createLogStore } from "./log_store.ts";
import type { FunctionLogLine } from "./types.ts";
import { withTempDir } from "../../test/helpers/temp_dir.ts";

const line = (fn: string, n: number, requestId?: string): FunctionLogLine => ({
  ts: 1000 + n,
  fn,
  instance: `${fn}-1`,
  stream: "stdout",
  line: `line ${n}`,
  requestId,
});

Deno.test("createLogStore() appends JSON lines and answers queries from memory", () =>
  withTempDir(async (dataDir) => {
    const store = await createLogStore({ dataDir, memoryLines: 5 });
    for (let i = 0; i < 8; i++) store.write(line("hello", i, i === 6 ? "req-6" : undefined));
    assertEquals(store.query("hello").map((l) => l.line), [
      "line 3",
      "line 4",
      "line 5",
      "line 6",
      "line 7",
    ]);
    assertEquals(store.query("hello", { limit: 2 }).map((l) => l.line), ["line 6", "line 7"]);
    assertEquals(store.query("hello", { since: 1006 }).length, 2);
    assertEquals(store.query("hello", { requestId: "req-6" }).map((l) => l.line), ["line 6"]);
    assertEquals(store.query("nobody"), []);
    await store.close();
    const text = await Deno.readTextFile(`${dataDir}/logs/hello.log`);
    assertEquals(text.trim().split("\n").length, 8);
    assertEquals(JSON.parse(text.split("\n")[0]).line, "line 0");
  }));

Deno.test("createLogStore() rotates by size and keeps maxFiles copies", () =>
  withTempDir(async (dataDir) => {
    const store = await createLogStore({ dataDir, maxFileBytes: 300, maxFiles: 2 });
    for (let i = 0; i < 40; i++) {
      store.write(line("rot", i));
      if (i % 3 === 0) await store.flush();
    }
    await store.close();
    const names = [...Deno.readDirSync(`${dataDir}/logs`)].map((e) => e.name).sort();
    assertEquals(names, ["rot.log", "rot.log.1", "rot.log.2"]);
    for (const name of names) assert(Deno.statSync(`${dataDir}/logs/${name}`).size <= 300);
    const last = (await Deno.readTextFile(`${dataDir}/logs/rot.log`)).trim().split("\n").pop()!;
    assertEquals(JSON.parse(last).line, "line 39");
  }));

Deno.test("createLogStore() reloads the tail of existing logs at start", () =>
  withTempDir(async (dataDir) => {
    const first = await createLogStore({ dataDir });
    for (let i = 0; i < 3; i++) first.write(line("keep", i, "r1"));
    await first.close();
    await Deno.writeTextFile(`${dataDir}/logs/keep.log`, '{"torn":', { append: true });
    const second = await createLogStore({ dataDir });
    assertEquals(second.query("keep", { requestId: "r1" }).length, 3);
    await second.close();
  }));

Deno.test("follow() streams a line written after it started, and stops on abort", () =>
  withTempDir(async (dataDir) => {
    const store = await createLogStore({ dataDir });
    store.write(line("live", 0));
    const ctl = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const l of store.follow("live", ctl.signal)) {
        seen.push(l.line);
        if (seen.length === 2) ctl.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    store.write(line("live", 1));
    store.write(line("other", 9));
    store.write(line("live", 2));
    await done;
    assertEquals(seen, ["line 1", "line 2"]);
    await store.close();
  }));

Deno.test("write() never throws, even when the disk cannot be written", () =>
  withTempDir(async (dataDir) => {
    const errors: Error[] = [];
    const store = await createLogStore({ dataDir, onError: (e) => errors.push(e) });
    await Deno.remove(`${dataDir}/logs`, { recursive: true });
    await Deno.writeTextFile(`${dataDir}/logs`, "not a folder");
    store.write(line("x", 1));
    store.write({ ...line("../evil", 1) });
    await store.flush();
    assertEquals(errors.length, 1);
    assertEquals(store.query("x").length, 1);
    assertEquals(store.query("../evil").length, 0);
  }));
