import { assertEquals } from "../../../test/helpers/assert.ts";
import type { Engine } from "../engine/engine.ts";
import { PauseSwitch } from "./pause_switch.ts";

/** An engine that records the calls it gets, failing those named in `fail`. */
function fakeEngine(fail: string[] = []) {
  const calls: string[] = [];
  const engine = {
    json(method: string, path: string) {
      calls.push(`${method} ${path}`);
      const op = path.split("/").pop()!;
      return fail.includes(op) ? Promise.reject(new Error(`${op} refused`)) : Promise.resolve(null);
    },
  } as unknown as Engine;
  return { engine, calls };
}

Deno.test("PauseSwitch: a resume asked for while the pause is under way waits, then undoes it", async () => {
  const calls: string[] = [];
  let thaw = () => {};
  const engine = {
    json(method: string, path: string) {
      calls.push(`${method} ${path}`);
      return path.endsWith("/pause") ? new Promise<null>((r) => thaw = () => r(null)) : null;
    },
  } as unknown as Engine;
  const sw = new PauseSwitch(engine, "c1");
  sw.pause();
  sw.pause();
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(calls, ["POST /containers/c1/pause"], "one pause, under way");
  let resumed = false;
  const resume = sw.resume().then(() => resumed = true);
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(resumed, false, "the resume waits for the pause");
  thaw();
  await resume;
  assertEquals(sw.paused, false);
  assertEquals(calls, ["POST /containers/c1/pause", "POST /containers/c1/unpause"]);
});

Deno.test("PauseSwitch: a resume asked for before the pause starts cancels it", async () => {
  const { engine, calls } = fakeEngine();
  const sw = new PauseSwitch(engine, "c1");
  sw.pause();
  await sw.resume();
  assertEquals(calls, []);
  assertEquals(sw.paused, false);
});

Deno.test("PauseSwitch.resume() does nothing when not paused", async () => {
  const { engine, calls } = fakeEngine();
  const sw = new PauseSwitch(engine, "c1");
  await sw.resume();
  assertEquals(calls, []);
});

Deno.test("PauseSwitch reports a refused pause and then counts as running", async () => {
  const { engine, calls } = fakeEngine(["pause"]);
  const errors: string[] = [];
  const sw = new PauseSwitch(engine, "c1", (m) => errors.push(m));
  sw.pause();
  await sw.settled();
  assertEquals(errors, ["pause refused"]);
  await sw.resume();
  assertEquals(sw.paused, false);
  assertEquals(calls, ["POST /containers/c1/pause"], "nothing to unpause");
});
