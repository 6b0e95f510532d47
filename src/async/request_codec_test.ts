import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { idempotencyKeyOf, methodOf, splitAsyncPath, storedHeaders } from "./request_codec.ts";

Deno.test("storedHeaders() drops hop-by-hop, platform and x-denofn-* headers", () => {
  const h = new Headers({
    "content-type": "text/plain",
    connection: "keep-alive",
    "x-callback-url": "http://x",
    "x-denofn-trigger": "cron",
    "x-denofn-task-token": "forged",
    authorization: "Bearer t",
  });
  assertEquals(storedHeaders(h, 1000, "f"), [["authorization", "Bearer t"], [
    "content-type",
    "text/plain",
  ]]);
  throws(() => storedHeaders(new Headers({ a: "x".repeat(100) }), 50, "f"), /exceed 50 bytes/);
});

Deno.test("splitAsyncPath(), methodOf() and idempotencyKeyOf() refuse what is unsafe", () => {
  assertEquals(splitAsyncPath(new URL("http://h/async/fn/a/b?q=1")), { name: "a", rest: "/b?q=1" });
  assertEquals(splitAsyncPath(new URL("http://h/async/fn/a")), { name: "a", rest: "/" });
  throws(() => splitAsyncPath(new URL("http://h/async/fn/a/b%2Fc")), /dot or encoded/);
  const req = (h: Record<string, string>) =>
    new Request("http://h/", { method: "POST", headers: h });
  assertEquals(methodOf(req({ "x-denofn-method": "delete" }), "f"), "DELETE");
  assertEquals(methodOf(req({}), "f"), "POST");
  throws(() => methodOf(req({ "x-denofn-method": "GET /x" }), "f"), /method name/);
  assertEquals(idempotencyKeyOf(req({ "idempotency-key": "order-1" }), "f"), "order-1");
  throws(() => idempotencyKeyOf(req({ "idempotency-key": "a b" }), "f"), /visible ASCII/);
});
