/** Small Deno KV helpers. */

/** Deletes `key`; resolves false when there was nothing there. */
export async function deleteIfPresent(kv: Deno.Kv, key: Deno.KvKey): Promise<boolean> {
  const entry = await kv.get(key);
  if (entry.versionstamp === null) return false;
  await kv.delete(key);
  return true;
}
