import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { KeyedLimiter } from "./limiter.ts";

Deno.test("KeyedLimiter lets `limit` holders in per key and passes places on in order", async () => {
  const limiter = new KeyedLimiter();
  const a1 = await limiter.acquire("a", 2);
  const a2 = await limiter.acquire("a", 2);
  const b1 = await limiter.acquire("b", 2);
  const order: number[] = [];
  const third = limiter.acquire("a", 2).then((release) => (order.push(3), release));
  const fourth = limiter.acquire("a", 2).then((release) => (order.push(4), release));
  assertEquals([limiter.active("a"), limiter.waiting("a"), limiter.active("b")], [2, 2, 1]);
  a1();
  a1(); // twice is once
  const r3 = await third;
  assertEquals([order, limiter.active("a"), limiter.waiting("a")], [[3], 2, 1]);
  a2();
  (await fourth)();
  r3();
  b1();
  assertEquals([limiter.active("a"), limiter.active("b")], [0, 0]);
});
