import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { SpareBudget } from "./spare_budget.ts";

Deno.test("SpareBudget stops the least recently claimed spares to make room", () => {
  const budget = new SpareBudget(300);
  const evicted: string[] = [];
  const claim = (name: string, mb: number) => budget.claim(name, mb, () => evicted.push(name));
  assertEquals(claim("a", 100), true);
  assertEquals(claim("b", 100), true);
  assertEquals(claim("c", 100), true);
  assertEquals(claim("a", 100), true, "a claims again: now the most recent");
  assertEquals(budget.holders(), ["b", "c", "a"]);
  assertEquals(claim("d", 200), true);
  assertEquals(evicted, ["b", "c"]);
  assertEquals(budget.holders(), ["a", "d"]);
  assertEquals(budget.usedMb, 300);
  assertEquals(claim("huge", 301), false, "larger than the whole budget");
  assertEquals(budget.holders(), ["a", "d"], "nothing stopped for a claim that cannot fit");
  budget.release("a");
  assertEquals(budget.usedMb, 200);
  throws(() => new SpareBudget(-1), RangeError);
});
