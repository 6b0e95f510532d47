import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { BuildQueue } from "./build_queue.ts";

function recorder() {
  const calls: string[] = [];
  let release: (() => void) | undefined;
  const run = async (name: string, force: boolean) => {
    calls.push(`${name}${force ? "!" : ""}`);
    await new Promise<void>((r) => release = r);
    return calls.length;
  };
  return { calls, run, release: () => release?.() };
}

Deno.test("BuildQueue runs one more build after the one in progress, however many requests", async () => {
  const r = recorder();
  const queue = new BuildQueue(r.run, 0);
  const first = queue.request("a", false);
  const second = queue.request("a", false);
  const third = queue.request("a", true);
  assertEquals(r.calls, ["a"]);
  r.release();
  assertEquals(await first, 1);
  await new Promise((res) => setTimeout(res, 0));
  assertEquals(r.calls, ["a", "a!"]); // the pending build keeps the strongest force
  r.release();
  assertEquals([await second, await third], [2, 2]);
  await queue.close();
});

Deno.test("BuildQueue debounces touches per name", async () => {
  const calls: string[] = [];
  const queue = new BuildQueue((name) => (calls.push(name), Promise.resolve(0)), 30);
  for (let i = 0; i < 5; i++) {
    queue.touch("a");
    queue.touch("b");
    await new Promise((r) => setTimeout(r, 5));
  }
  assertEquals(calls, []);
  await new Promise((r) => setTimeout(r, 60));
  assertEquals(calls.sort(), ["a", "b"]);
  await queue.close();
});

Deno.test("BuildQueue.close() drops pending touches and waits for running builds", async () => {
  const r = recorder();
  const queue = new BuildQueue(r.run, 10);
  void queue.request("a", false);
  queue.touch("b");
  const closed = queue.close();
  r.release();
  await closed;
  await new Promise((res) => setTimeout(res, 30));
  assertEquals(r.calls, ["a"]);
});
