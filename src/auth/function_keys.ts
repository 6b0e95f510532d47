/**
 * Keys that call one function whose manifest says `"auth": { "type": "key" }`
 * (`dfn_<id>_<secret>`, stored as `["auth", "fnkey", <function>, <id>]` with the SHA-256 of the
 * secret). A revoke takes effect at the next call: every check reads the store.
 */
import { newCredential, parseCredential, secretMatches } from "./tokens.ts";

/** The prefix of function keys. */
export const FUNCTION_KEY_PREFIX = "dfn";

/** What listings show of a function key. */
export interface FunctionKeyView {
  id: string;
  name?: string;
  createdAt: string;
  expiresAt?: string;
}

interface FunctionKeyRecord extends FunctionKeyView {
  hash: string;
}

const FNKEY = ["auth", "fnkey"];

/** The function key store. */
export class FunctionKeyStore {
  constructor(private readonly kv: Deno.Kv, private readonly now: () => number = Date.now) {}

  /** A new key for `fn`; the returned `key` is the only time the secret is seen. */
  async create(
    fn: string,
    options: { name?: string; expiresInSec?: number } = {},
  ): Promise<FunctionKeyView & { key: string }> {
    const c = newCredential(FUNCTION_KEY_PREFIX);
    const record: FunctionKeyRecord = {
      id: c.id,
      hash: c.hash,
      createdAt: new Date(this.now()).toISOString(),
    };
    if (options.name) record.name = options.name;
    if (options.expiresInSec !== undefined) {
      record.expiresAt = new Date(this.now() + options.expiresInSec * 1000).toISOString();
    }
    await this.kv.set([...FNKEY, fn, c.id], record);
    const { hash: _, ...view } = record;
    return { ...view, key: c.token };
  }

  /** Whether `token` is a valid, unexpired key of `fn`. */
  async verify(fn: string, token: string): Promise<boolean> {
    const parsed = parseCredential(FUNCTION_KEY_PREFIX, token);
    if (!parsed) return false;
    const record = (await this.kv.get<FunctionKeyRecord>([...FNKEY, fn, parsed.id])).value;
    if (!record || !secretMatches(parsed.secret, record.hash)) return false;
    return !record.expiresAt || Date.parse(record.expiresAt) > this.now();
  }

  /** The keys of `fn`. */
  async list(fn: string): Promise<FunctionKeyView[]> {
    const out: FunctionKeyView[] = [];
    for await (const e of this.kv.list<FunctionKeyRecord>({ prefix: [...FNKEY, fn] })) {
      const { hash: _, ...view } = e.value;
      out.push(view);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes one key; resolves false when `fn` has no such key. */
  async revoke(fn: string, id: string): Promise<boolean> {
    const key = [...FNKEY, fn, id];
    if ((await this.kv.get(key)).versionstamp === null) return false;
    await this.kv.delete(key);
    return true;
  }

  /** Revokes every key of `fn` (the function is being deleted). */
  async revokeAll(fn: string): Promise<void> {
    for await (const e of this.kv.list({ prefix: [...FNKEY, fn] })) await this.kv.delete(e.key);
  }
}
