import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type CallbackPolicy, callbackUrlProblem } from "./callback_policy.ts";

const policy = (allow: string[] = []): CallbackPolicy => ({
  allow,
  selfPort: () => 8000,
  resolve: (host) => Promise.resolve(host === "me.example" ? ["10.1.2.3"] : ["93.184.216.34"]),
  localAddresses: () => ["127.0.0.1", "::1", "10.1.2.3"],
});

Deno.test("callbackUrlProblem() refuses the platform itself however it is spelled", async () => {
  for (
    const url of [
      "http://127.0.0.1:8000/async/fn/x",
      "http://localhost:8000/",
      "http://2130706433:8000/",
      "http://[::1]:8000/",
      "http://[::ffff:127.0.0.1]:8000/",
      "http://me.example:8000/admin",
      "http://127.9.9.9:8000/",
    ]
  ) {
    assertEquals(await callbackUrlProblem(url, policy()), "points at the platform itself", url);
  }
});

Deno.test("callbackUrlProblem() allows other ports and hosts, and applies the allowlist", async () => {
  assertEquals(await callbackUrlProblem("http://127.0.0.1:9000/hook", policy()), undefined);
  assertEquals(await callbackUrlProblem("https://hooks.example/x", policy()), undefined);
  assertEquals(await callbackUrlProblem("ftp://x/", policy()), "must be http or https");
  assertEquals(await callbackUrlProblem("http://u:p@x/", policy()), "must not carry credentials");
  assertEquals(await callbackUrlProblem("nope", policy()), "is not a URL");
  const only = policy(["hooks.example", "*.corp.example", "127.0.0.1:9000"]);
  assertEquals(await callbackUrlProblem("https://hooks.example/x", only), undefined);
  assertEquals(await callbackUrlProblem("http://a.corp.example/x", only), undefined);
  assertEquals(await callbackUrlProblem("http://127.0.0.1:9000/x", only), undefined);
  assertEquals(
    await callbackUrlProblem("http://127.0.0.1:9001/x", only),
    "is not allowed by DENOFN_CALLBACK_ALLOW",
  );
});
