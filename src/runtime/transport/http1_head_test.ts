import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { parseResponseHead } from "./http1_head.ts";

const head = (text: string) => new TextEncoder().encode(text);

Deno.test("a response head with both framings keeps only the chunked one", () => {
  const parsed = parseResponseHead(
    head("HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\nx-a: 1"),
  );
  assertEquals(parsed.chunked, true);
  assertEquals(parsed.contentLength, -1);
  assertEquals(parsed.headers, [["x-a", "1"]]);
});

Deno.test("a response head with a lone line break or a NUL is refused", () => {
  for (const bad of ["x-a: 1\nx-b: 2", "x-a: 1\rx-b: 2", "x-a: 1\0"]) {
    assertThrows(() => parseResponseHead(head(`HTTP/1.1 200 OK\r\n${bad}`)), /Bad upstream/);
  }
});
