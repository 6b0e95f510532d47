import { assertEquals } from "../../test/helpers/assert.ts";
import { Deadlines, SWEEP_MS } from "./deadlines.ts";
import { FakeClock } from "./fake_clock.ts";

Deno.test("Deadlines fires a call's timeout within one sweep of its deadline", async () => {
  const clock = new FakeClock();
  const deadlines = new Deadlines(clock);
  const fired: string[] = [];
  deadlines.add(50, () => fired.push("a"));
  const cancelB = deadlines.add(50, () => fired.push("b"));
  deadlines.add(500, () => fired.push("c"));
  cancelB();
  await clock.advance(49);
  assertEquals(fired, []);
  await clock.advance(SWEEP_MS);
  assertEquals(fired, ["a"]);
  await clock.advance(500);
  assertEquals(fired, ["a", "c"]);
  assertEquals(clock.pending, 0, "no timer runs while nothing is in flight");
});
