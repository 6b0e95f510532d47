/**
 * The typed client of the denofn store, for functions whose `registry.json` grants collections
 * in `permissions.store`. The platform hands such a function its store address and a scoped
 * token (`DENOFN_STORE_URL`, `DENOFN_STORE_TOKEN`); this client reads them on first use.
 *
 * @example
 * ```ts
 * import { createHandler, store } from "denofn/micro";
 *
 * interface Todo { title: string; done: boolean }
 * const todos = store<Todo>("todos");
 *
 * export default createHandler(async () => {
 *   await todos.put("1", { title: "milk", done: false });
 *   return (await todos.list()).items;
 * });
 * ```
 * @module
 */
import type { JsonValue } from "./types.ts";

/** Where and as whom the client talks to the store (default: what the platform hands over). */
export interface StoreOptions {
  /** `unix:/path/to.sock` (a function's own store socket) or `http://host:port` (the gateway). */
  url?: string;
  /** Bearer token: the function's scoped token, or the admin token from outside. */
  token?: string;
}

/** A document with its version (the `ETag` of the store). */
export interface StoreEntry<T> {
  id: string;
  version: number;
  updatedAt?: number;
  data: T;
}

/** A page of a listing; pass `cursor` back for the next page (`null` at the end). */
export interface StorePage<T> {
  items: StoreEntry<T>[];
  cursor: string | null;
}

/** Conditions of a write: `ifMatch` a version (or `"*"`: exists), `ifNoneMatch: "*"` (absent). */
export interface WriteOptions {
  ifMatch?: number | "*";
  ifNoneMatch?: "*";
}

/** The store refused a request; `status` and `code` say why (403: no grant, 412: version). */
export class StoreError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** One collection. */
export interface Collection<T> {
  /** The document, or `undefined` when there is none. */
  get(id: string): Promise<T | undefined>;
  /** The document with its version, or `undefined`. */
  entry(id: string): Promise<StoreEntry<T> | undefined>;
  /** Creates or replaces a document. */
  put(id: string, data: T, options?: WriteOptions): Promise<StoreEntry<T>>;
  /** Merges a JSON merge patch (RFC 7396) into an existing document. */
  patch(id: string, patch: Partial<T> | JsonValue, options?: WriteOptions): Promise<StoreEntry<T>>;
  /** Deletes a document; `false` when there was none. */
  delete(id: string, options?: WriteOptions): Promise<boolean>;
  /** Documents in id order, a page at a time. */
  list(options?: { prefix?: string; limit?: number; cursor?: string }): Promise<StorePage<T>>;
}

/** Host name of store URLs sent over the function's socket (`.invalid` never resolves). */
const STORE_HOST = "store.denofn.invalid";

type Send = (path: string, init: RequestInit) => Promise<Response>;

const transports = new Map<string, Send>();

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no env permission: the function has no store grant
  }
}

function transport(url: string): Send {
  let send = transports.get(url);
  if (send) return send;
  if (url.startsWith("unix:")) {
    const client = Deno.createHttpClient({ proxy: { transport: "unix", path: url.slice(5) } });
    send = (path, init) => fetch(`http://${STORE_HOST}${path}`, { ...init, client });
  } else {
    const base = url.replace(/\/+$/, "");
    send = (path, init) => fetch(`${base}${path}`, init);
  }
  transports.set(url, send);
  return send;
}

/**
 * Where a test double of the transport lives (`denofn/micro/testing`'s `useMemoryStore()`): on
 * `globalThis`, so that it also reaches copies of this module bundled into a function.
 */
const OVERRIDE = Symbol.for("denofn.store.transport");
const slot = globalThis as unknown as { [OVERRIDE]?: Send };

/** Replaces the store's transport (tests); `undefined` restores the platform's. */
export function setStoreTransport(send: Send | undefined): void {
  slot[OVERRIDE] = send;
}

async function failure(res: Response): Promise<StoreError> {
  const body = await res.json().catch(() => ({})) as { error?: string; code?: string };
  return new StoreError(res.status, body.code ?? "error", body.error ?? `HTTP ${res.status}`);
}

function conditions(options: WriteOptions = {}): Record<string, string> {
  const h: Record<string, string> = {};
  if (options.ifMatch !== undefined) {
    h["if-match"] = options.ifMatch === "*" ? "*" : `"${options.ifMatch}"`;
  }
  if (options.ifNoneMatch) h["if-none-match"] = options.ifNoneMatch;
  return h;
}

/**
 * A client for `collection`.
 * @throws {StoreError} (on use) when the function has no store grant or the store refuses.
 * @example
 * ```ts
 * const users = store<{ name: string }>("users");
 * await users.put("ada", { name: "Ada" }, { ifNoneMatch: "*" });
 * ```
 */
export function store<T = JsonValue>(
  collection: string,
  options: StoreOptions = {},
): Collection<T> {
  const call = async (path: string, init: RequestInit = {}) => {
    const url = options.url ?? env("DENOFN_STORE_URL");
    const token = options.token ?? env("DENOFN_STORE_TOKEN");
    const override = slot[OVERRIDE];
    if (!override && (!url || !token)) {
      throw new StoreError(
        403,
        "no_store_grant",
        `Cannot use the store: this function has no permissions.store grant for "${collection}"`,
      );
    }
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    const send = override ?? transport(url!);
    return await send(`/store/${collection}${path}`, { ...init, headers });
  };
  const doc = (id: string) => `/${encodeURIComponent(id)}`;
  const write = async (id: string, method: string, data: unknown, options?: WriteOptions) => {
    const res = await call(doc(id), {
      method,
      headers: { "content-type": "application/json", ...conditions(options) },
      body: JSON.stringify(data),
    });
    if (!res.ok) throw await failure(res);
    return { id, version: Number(res.headers.get("x-denofn-version")), data: await res.json() };
  };
  const entry = async (id: string): Promise<StoreEntry<T> | undefined> => {
    const res = await call(doc(id));
    if (res.status === 404) return void await res.body?.cancel();
    if (!res.ok) throw await failure(res);
    return { id, version: Number(res.headers.get("x-denofn-version")), data: await res.json() };
  };
  return {
    entry,
    get: async (id) => (await entry(id))?.data,
    put: (id, data, o) => write(id, "PUT", data, o),
    patch: (id, patch, o) => write(id, "PATCH", patch, o),
    async delete(id, o) {
      const res = await call(doc(id), { method: "DELETE", headers: conditions(o) });
      if (res.status === 404) return void await res.body?.cancel(), false;
      if (!res.ok) throw await failure(res);
      await res.body?.cancel();
      return true;
    },
    async list(o = {}) {
      const q = new URLSearchParams();
      if (o.prefix) q.set("prefix", o.prefix);
      if (o.limit) q.set("limit", String(o.limit));
      if (o.cursor) q.set("cursor", o.cursor);
      const res = await call(q.size ? `?${q}` : "");
      if (!res.ok) throw await failure(res);
      return await res.json();
    },
  };
}
