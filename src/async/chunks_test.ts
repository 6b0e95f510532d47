import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { joinChunks, readLimited, splitChunks } from "./chunks.ts";

Deno.test("splitChunks() and joinChunks() round-trip bodies of any size", () => {
  const bytes = crypto.getRandomValues(new Uint8Array(65_000));
  const chunks = splitChunks(bytes, 30_000);
  assertEquals(chunks.map((c) => c.byteLength), [30_000, 30_000, 5_000]);
  assertEquals(joinChunks(chunks), bytes);
  assertEquals(splitChunks(new Uint8Array(0)), []);
});

Deno.test("readLimited() stops once a stream passes the limit", async () => {
  const body = () => new Blob([new Uint8Array(10), new Uint8Array(10)]).stream();
  assertEquals((await readLimited(body(), 20)).over, false);
  assertEquals((await readLimited(body(), 19)).over, true);
  assertEquals((await readLimited(null, 0)).bytes.byteLength, 0);
});
