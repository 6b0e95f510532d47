import type { CapturedBody } from "./types.ts";
import { concatBytes } from "../util/bytes.ts";
import { tapStream } from "../util/tap_stream.ts";

/** A body passed through unchanged while its first bytes are kept for history. */
export interface BodyCapture {
  /** The stream to use in place of the original (null when there was no body). */
  body: ReadableStream<Uint8Array> | null;
  /** Settles when the stream ended, errored or was cancelled; undefined for no body. */
  captured: Promise<CapturedBody | undefined>;
}

/**
 * Tees a request or response body for the history store: every byte flows through, the first
 * `maxBytes` are kept. Use only for functions with `"history": { "bodies": true }`.
 */
export function captureBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): BodyCapture {
  if (!body) return { body: null, captured: Promise.resolve(undefined) };
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  let settle!: (c: CapturedBody) => void;
  const captured = new Promise<CapturedBody>((r) => settle = r);
  const out = tapStream(body, {
    onChunk(value) {
      total += value.byteLength;
      if (kept >= maxBytes) return;
      const part = value.subarray(0, maxBytes - kept);
      chunks.push(part.slice());
      kept += part.byteLength;
    },
    onEnd: () => settle(encodeBody(concatBytes(chunks, kept), total)),
  });
  return { body: out, captured };
}

/** Encodes kept bytes as UTF-8 text when they are, else base64. */
export function encodeBody(bytes: Uint8Array, totalBytes: number): CapturedBody {
  const truncated = totalBytes > bytes.byteLength;
  try {
    // `stream: true` tolerates a UTF-8 sequence cut at the end by truncation.
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: truncated });
    return { text, encoding: "utf8", bytes: totalBytes, truncated };
  } catch {
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    return { text: btoa(bin), encoding: "base64", bytes: totalBytes, truncated };
  }
}
