/** Splits bodies into values small enough for one Deno KV entry (64 KiB) and joins them back. */
import { concatBytes } from "../util/bytes.ts";

/** Bytes per stored chunk (below Deno KV's 64 KiB value limit). */
export const CHUNK_BYTES = 60_000;

/** Splits `bytes` into chunks of at most {@link CHUNK_BYTES}. */
export function splitChunks(bytes: Uint8Array, size = CHUNK_BYTES): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** Joins chunks into one array. */
export function joinChunks(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return concatBytes(chunks, chunks.reduce((n, c) => n + c.byteLength, 0));
}

/** Reads a stream into bytes; stops and reports `over` once more than `limit` bytes arrived. */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; over: boolean }> {
  if (!body) return { bytes: new Uint8Array(0), over: false };
  const chunks: Uint8Array[] = [];
  let seen = 0;
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > limit) {
        await reader.cancel().catch(() => {});
        return { bytes: joinChunks(chunks), over: true };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { bytes: joinChunks(chunks), over: false };
}
