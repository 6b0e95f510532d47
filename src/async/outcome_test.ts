import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { decideOutcome, isRetryable } from "./outcome.ts";

const base = { status: 200, taskAccepted: false, attempts: 1, retries: 3, backoffMs: 100 };

Deno.test("decideOutcome() ends a job on 2xx and 4xx, and waits for a task token", () => {
  assertEquals(decideOutcome(base), { kind: "done" });
  assertEquals(decideOutcome({ ...base, status: 404 }), { kind: "done" });
  assertEquals(decideOutcome({ ...base, status: 202, taskAccepted: true }), { kind: "wait" });
  assertEquals(decideOutcome({ ...base, status: 202 }), { kind: "done" });
});

Deno.test("decideOutcome() retries 5xx and 429 with doubling back-off, then dies", () => {
  assertEquals(decideOutcome({ ...base, status: 500 }), { kind: "retry", delayMs: 100 });
  assertEquals(decideOutcome({ ...base, status: 504, attempts: 3 }), {
    kind: "retry",
    delayMs: 400,
  });
  assertEquals(decideOutcome({ ...base, status: 429, attempts: 4 }), { kind: "dead" });
  assertEquals(decideOutcome({ ...base, status: 503, retryAfterSec: 2 }), {
    kind: "retry",
    delayMs: 2000,
  });
  assertEquals(decideOutcome({ ...base, status: 500, attempts: 40, retries: 50 }).kind, "retry");
  assertEquals([isRetryable(500), isRetryable(429), isRetryable(409)], [true, true, false]);
});
