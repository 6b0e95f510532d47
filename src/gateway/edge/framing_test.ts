import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { type FeedResult, RequestFraming } from "./framing.ts";

const LIMITS = { maxHeaders: 100, maxHeaderBytes: 8192 };
const enc = (s: string) => new TextEncoder().encode(s);
const text = (parts: Uint8Array[]) => parts.map((p) => new TextDecoder().decode(p)).join("");

/** Feeds `input` in pieces of `size` bytes; returns what passed, heads and any refusal. */
function feedAll(input: string, size = input.length, limits = LIMITS) {
  const f = new RequestFraming(limits);
  const bytes = enc(input);
  const forward: Uint8Array[] = [];
  let heads = 0;
  let refused: FeedResult["refused"];
  for (let at = 0; at < bytes.length && !refused; at += size) {
    const r = f.feed(bytes.subarray(at, at + size));
    // Views of a fed chunk are only valid until the next feed: copy them, as a writer would.
    forward.push(...r.forward.map((p) => p.slice()));
    heads += r.heads;
    refused = r.refused;
  }
  return { forward: text(forward), heads, refused, framing: f };
}

const GET = "GET /fn/a HTTP/1.1\r\nHost: x\r\n\r\n";
const POST = "POST /fn/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
const CHUNKED = "POST /fn/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
  "5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nTrailer: t\r\n\r\n";

Deno.test("RequestFraming passes a GET whole and stands at a boundary after it", () => {
  const r = feedAll(GET);
  assertEquals([r.forward, r.heads, r.refused], [GET, 1, undefined]);
  ok(r.framing.atBoundary && !r.framing.inHead);
});

Deno.test("RequestFraming follows heads, lengths and chunks split at every byte", () => {
  const stream = GET + POST + CHUNKED + GET;
  for (const size of [1, 2, 3, 7, stream.length]) {
    const r = feedAll(stream, size);
    assertEquals([r.forward, r.heads, r.refused], [stream, 4, undefined], `pieces of ${size}`);
    ok(r.framing.atBoundary);
  }
});

Deno.test("RequestFraming is inside a head until its blank line arrives", () => {
  const f = new RequestFraming(LIMITS);
  assertEquals(f.feed(enc("GET / HTTP/1.1\r\nHo")).forward, []);
  ok(f.inHead && !f.atBoundary);
  const r = f.feed(enc("st: x\r\n\r\n"));
  assertEquals([text(r.forward), r.heads], ["GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1]);
  ok(!f.inHead && f.atBoundary);
  f.feed(enc("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab"));
  ok(!f.inHead && !f.atBoundary, "in a body");
});

Deno.test("RequestFraming skips blank lines before a request line and accepts bare LF", () => {
  const r = feedAll("\r\n\r\nGET / HTTP/1.0\nHost: x\n\n");
  assertEquals([r.forward, r.heads], ["GET / HTTP/1.0\nHost: x\n\n", 1]);
});

Deno.test("RequestFraming refuses too many and too large headers with 431", () => {
  const many = "GET / HTTP/1.1\r\n" + "x-h: v\r\n".repeat(101) + "\r\n";
  assertEquals(feedAll(many).refused, { status: 431, message: "More than 100 request headers" });
  assertEquals(feedAll("GET / HTTP/1.1\r\n" + "x-h: v\r\n".repeat(100) + "\r\n").heads, 1);
  const large = "GET / HTTP/1.1\r\nx-big: " + "a".repeat(9000);
  for (const size of [100, large.length]) {
    const r = feedAll(large, size); // refused before the head ends
    assertEquals(r.refused?.status, 431);
    assertEquals(r.forward, "");
  }
});

Deno.test("RequestFraming refuses framing two parsers could read differently", () => {
  const head = (lines: string) => `POST / HTTP/1.1\r\n${lines}\r\n`;
  const cases: Record<string, string> = {
    "Both Content-Length and Transfer-Encoding are set": head(
      "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
    ),
    "Invalid Content-Length": head("Content-Length: 3\r\nContent-Length: 4\r\n"),
    "A request's last transfer coding must be chunked": head("Transfer-Encoding: gzip\r\n"),
    "Folded header line": head("X-A: 1\r\n  folded\r\n"),
    "Malformed header line": head("Content-Length : 3\r\n"),
    "Malformed request line": "GET /\r\n\r\n",
  };
  for (const [message, input] of Object.entries(cases)) {
    assertEquals(feedAll(input).refused, { status: 400, message }, input);
  }
  assertEquals(feedAll(head("content-length: 1, 2\r\n")).refused?.status, 400);
  const badChunk = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
  assertEquals(feedAll(badChunk).refused, {
    status: 400,
    message: "Malformed chunked request body",
  });
});

Deno.test("RequestFraming forwards nothing after a refusal", () => {
  const f = new RequestFraming(LIMITS);
  assertEquals(f.feed(enc("GET /\r\n\r\n")).refused?.status, 400);
  assertEquals(f.feed(enc(GET)), { forward: [], heads: 0 });
});
