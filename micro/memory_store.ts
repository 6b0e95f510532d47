/**
 * An in-memory store with the platform store's semantics (versions, `If-Match`,
 * `If-None-Match: *`, merge patch, id-ordered pages), for testing functions that use `store()`
 * without a platform.
 * @module
 */
import { setStoreTransport } from "./store.ts";
import type { JsonValue } from "./types.ts";

interface Doc {
  version: number;
  data: JsonValue;
}

function merge(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  const isObj = (v: unknown): v is Record<string, JsonValue> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(patch)) return patch;
  const out: Record<string, JsonValue> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

const error = (status: number, code: string) =>
  Response.json({ error: code.replaceAll("_", " "), code }, { status });

/**
 * Makes every `store()` client of this process use a fresh in-memory store until the returned
 * function is called.
 * @example
 * ```ts
 * import { useMemoryStore } from "denofn/micro/testing";
 * const restore = useMemoryStore();
 * try { ... } finally { restore(); }
 * ```
 */
export function useMemoryStore(): () => void {
  const docs = new Map<string, Doc>();
  const versions = new Map<string, number>();
  setStoreTransport((path, init) => Promise.resolve(handle(path, init)));
  return () => setStoreTransport(undefined);

  function handle(path: string, init: RequestInit): Response {
    const url = new URL(path, "http://store");
    const [, , collection, rawId] = url.pathname.split("/");
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    if (rawId === undefined) {
      const prefix = `${collection}/${url.searchParams.get("prefix") ?? ""}`;
      const keys = [...docs.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = Number(url.searchParams.get("cursor") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const items = keys.slice(start, start + limit).map((k) => ({
        id: k.slice(collection.length + 1),
        ...docs.get(k)!,
      }));
      const more = start + limit < keys.length;
      return Response.json({ items, cursor: more ? String(start + limit) : null });
    }
    const key = `${collection}/${decodeURIComponent(rawId)}`;
    const current = docs.get(key);
    const ifMatch = headers.get("if-match");
    if (ifMatch && (!current || (ifMatch !== "*" && ifMatch !== `"${current.version}"`))) {
      return error(412, "precondition_failed");
    }
    if (headers.get("if-none-match") === "*" && current && method !== "GET") {
      return error(412, "precondition_failed");
    }
    const answer = (d: Doc, status = 200) =>
      Response.json(d.data, { status, headers: { "x-denofn-version": String(d.version) } });
    if (method === "GET") return current ? answer(current) : error(404, "document_not_found");
    if (method !== "PUT" && !current) return error(404, "document_not_found");
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    if (method === "DELETE") return docs.delete(key), new Response(null, { status: 204 });
    const body = JSON.parse(String(init.body));
    const doc = { version, data: method === "PATCH" ? merge(current!.data, body) : body };
    docs.set(key, doc);
    return answer(doc, current ? 200 : 201);
  }
}
