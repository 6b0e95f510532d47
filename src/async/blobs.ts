/**
 * Bodies of any size in Deno KV: chunks under `[...prefix, tag, i]`, written in batches that
 * stay below Deno KV's limits for one commit (800 KiB, 1000 mutations). A blob is written before
 * the commit that refers to it, so a reader never sees half of one.
 */
import { CHUNK_BYTES, joinChunks, splitChunks } from "./chunks.ts";

/** Chunks per commit (10 × 60 kB stays below the 800 KiB limit). */
const BATCH = 10;

/** Chunks a body may have to be written inside another commit (small bodies: one commit). */
export const INLINE_CHUNKS = 4;

/** Adds the chunks of a small blob to `op`; returns false (adding nothing) for a larger one. */
export function inlineBlob(
  op: Deno.AtomicOperation,
  prefix: Deno.KvKey,
  tag: string,
  bytes: Uint8Array,
  expireIn?: number,
): boolean {
  const chunks = splitChunks(bytes);
  if (chunks.length > INLINE_CHUNKS) return false;
  chunks.forEach((c, i) => op.set([...prefix, tag, i], c, { expireIn }));
  return true;
}

/** Adds the deletion of a blob of `bytes` bytes to `op`. */
export function inlineDelete(
  op: Deno.AtomicOperation,
  prefix: Deno.KvKey,
  tag: string,
  bytes: number,
) {
  const count = Math.ceil(bytes / CHUNK_BYTES);
  for (let i = 0; i < count; i++) op.delete([...prefix, tag, i]);
}

/** Writes `bytes` as the blob `tag`; returns its chunk count. */
export async function writeBlob(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  tag: string,
  bytes: Uint8Array,
  expireIn?: number,
): Promise<number> {
  const chunks = splitChunks(bytes);
  for (let i = 0; i < chunks.length; i += BATCH) {
    const op = kv.atomic();
    chunks.slice(i, i + BATCH).forEach((c, j) => op.set([...prefix, tag, i + j], c, { expireIn }));
    const result = await op.commit();
    if (!result.ok) throw new Error(`Cannot store a body chunk under ${prefix.join("/")}`);
  }
  return chunks.length;
}

/** Reads the blob `tag` (empty when absent). */
export async function readBlob(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  tag: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  for await (const e of kv.list<Uint8Array>({ prefix: [...prefix, tag] })) chunks.push(e.value);
  return joinChunks(chunks);
}

/** Deletes the blob `tag` of `bytes` bytes. */
export async function deleteBlob(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  tag: string,
  bytes: number,
): Promise<void> {
  const count = Math.ceil(bytes / CHUNK_BYTES);
  for (let i = 0; i < count; i += BATCH * 10) {
    const op = kv.atomic();
    for (let j = i; j < Math.min(count, i + BATCH * 10); j++) op.delete([...prefix, tag, j]);
    await op.commit();
  }
}
