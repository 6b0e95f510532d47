import { deepStrictEqual as assertEquals, notEqual, ok as assert } from "node:assert/strict";
import { callServerTiming, serverTiming } from "./server_timing.ts";
import { parseTraceparent, propagateTraceparent } from "./traceparent.ts";
import { captureBody } from "./body_capture.ts";
import { fanOut } from "./fan_out.ts";

Deno.test("serverTiming() formats the phases it is given", () => {
  assertEquals(
    serverTiming({ queueMs: 1.2, coldStartMs: 18, upstreamMs: 3.44 }),
    "queue;dur=1.2, cold;dur=18.0, upstream;dur=3.4",
  );
  assertEquals(serverTiming({ upstreamMs: 2, queueMs: Number.NaN }), "upstream;dur=2.0");
  assertEquals(serverTiming({}), "");
});

Deno.test("callServerTiming() formats a call as serverTiming() does", () => {
  assertEquals(
    callServerTiming(false, 1.23, 3.44),
    serverTiming({ queueMs: 1.23, upstreamMs: 3.44 }),
  );
  assertEquals(
    callServerTiming(true, 18, 0.05),
    serverTiming({ coldStartMs: 18, upstreamMs: 0.05 }),
  );
  assertEquals(callServerTiming(false, -0.01, 2), "queue;dur=0.0, upstream;dur=2.0");
});

Deno.test("propagateTraceparent() keeps an incoming trace and starts one when absent", () => {
  const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const h = new Headers({ traceparent: incoming, tracestate: "a=b" });
  const ctx = propagateTraceparent(h);
  assertEquals(ctx.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  notEqual(ctx.spanId, "00f067aa0ba902b7");
  assertEquals(h.get("tracestate"), "a=b");
  assert(parseTraceparent(h.get("traceparent")));

  const fresh = new Headers({
    traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
  });
  const made = propagateTraceparent(fresh);
  notEqual(made.traceId, "00000000000000000000000000000000");
  assertEquals(parseTraceparent(fresh.get("traceparent")), made);
  assertEquals(parseTraceparent("garbage"), undefined);
  assertEquals(
    parseTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    undefined,
  );
});

Deno.test("captureBody() passes every byte through and keeps the first ones", async () => {
  const src = new Response("héllo world, this is long").body;
  const { body, captured } = captureBody(src, 2);
  assertEquals(await new Response(body).text(), "héllo world, this is long");
  assertEquals(await captured, { text: "h", encoding: "utf8", bytes: 26, truncated: true });

  const bin = captureBody(new Response(new Uint8Array([0xff, 0xfe, 0])).body, 10);
  await new Response(bin.body).arrayBuffer();
  assertEquals((await bin.captured)?.encoding, "base64");
  assertEquals((await bin.captured)?.text, "//4A");
  assertEquals(await captureBody(null, 10).captured, undefined);
});

Deno.test("captureBody() settles when the stream errors or is cancelled", async () => {
  let pulls = 0;
  const failing = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulls++ === 0) c.enqueue(new TextEncoder().encode("ab"));
      else c.error(new Error("reset"));
    },
  });
  const { body, captured } = captureBody(failing, 10);
  await new Response(body).text().catch(() => {});
  assertEquals((await captured)?.text, "ab");

  const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(4)) });
  const cut = captureBody(endless, 10);
  const reader = cut.body!.getReader();
  await reader.read();
  await reader.cancel();
  assertEquals((await cut.captured)?.bytes, 4);
});

Deno.test("fanOut() reaches every observer even when one throws", () => {
  const seen: string[] = [];
  const rec = {
    requestId: "r",
    fn: "f",
    method: "GET",
    path: "/",
    status: 200,
    startedAt: 0,
    durationMs: 1,
    cold: false,
  };
  const orig = console.error;
  console.error = () => {};
  try {
    fanOut({
      onInvocation: () => {
        throw new Error("x");
      },
    }, {
      onInvocation: (r) => seen.push(r.requestId),
    }).onInvocation(rec);
  } finally {
    console.error = orig;
  }
  assertEquals(seen, ["r"]);
});
