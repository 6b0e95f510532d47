import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { SpareBudget } from "./spare_budget.ts";

Deno.test("SpareBudget stops the least recently called functions' spares to make room", () => {
  const budget = new SpareBudget(300);
  const evicted: string[] = [];
  const claim = (name: string, mb: number) => budget.claim(name, mb, () => evicted.push(name));
  assertEquals(typeof claim("a", 100), "function");
  assertEquals(typeof claim("b", 100), "function");
  assertEquals(typeof claim("c", 100), "function");
  budget.touch("a");
  budget.touch("nobody");
  assertEquals(budget.holders(), ["b", "c", "a"], "a was called: now the most recent");
  const release = claim("d", 200);
  assertEquals(evicted, ["b", "c"]);
  assertEquals(budget.holders(), ["a", "d"]);
  assertEquals(budget.usedMb, 300);
  assertEquals(claim("huge", 301), undefined, "larger than the whole budget");
  assertEquals(budget.holders(), ["a", "d"], "nothing stopped for a claim that cannot fit");
  release!();
  assertEquals(budget.usedMb, 100);
  throws(() => new SpareBudget(-1), RangeError);
  throws(() => new SpareBudget(1, 0), RangeError);
});

Deno.test("SpareBudget: a replaced or evicted claim's release frees nothing", () => {
  const budget = new SpareBudget(200);
  const old = budget.claim("a", 100, () => {})!;
  const fresh = budget.claim("a", 100, () => {})!;
  assertEquals(budget.usedMb, 100, "one spare per function: the new claim replaces the old");
  old();
  assertEquals(budget.holders(), ["a"], "the old claim's release leaves the new one alone");
  budget.claim("b", 200, () => {});
  assertEquals(budget.holders(), ["b"]);
  fresh();
  assertEquals(budget.usedMb, 200, "a's release after its eviction leaves b's room alone");
  assertEquals(new SpareBudget(1).ttlMs, 600_000);
});
