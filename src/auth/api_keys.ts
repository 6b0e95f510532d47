/**
 * API keys of accounts (`dfk_<id>_<secret>`), for scripts and CI: shown once, stored as the
 * SHA-256 of the secret (`["auth", "key", <id>]`), revocable, with an optional expiry. A key acts
 * with its user's current role; deleting the user revokes its keys.
 */
import { deleteIfPresent } from "../util/kv.ts";
import { newCredential, parseCredential, secretMatches } from "./tokens.ts";

/** The prefix of account API keys. */
export const API_KEY_PREFIX = "dfk";

/** A stored API key. */
export interface ApiKeyRecord {
  id: string;
  user: string;
  /** A label its owner chose (`ci`, `laptop`, ...). */
  name: string;
  hash: string;
  createdAt: string;
  /** ISO time after which the key is refused; absent: no expiry. */
  expiresAt?: string;
}

/** What listings show of a key (never its hash). */
export type ApiKeyView = Omit<ApiKeyRecord, "hash">;

const KEY = ["auth", "key"];

/** The API key store. */
export class ApiKeyStore {
  constructor(private readonly kv: Deno.Kv, private readonly now: () => number = Date.now) {}

  /** Creates a key for `user`; the returned `key` is the only time the secret is seen. */
  async create(
    user: string,
    name: string,
    expiresInSec?: number,
  ): Promise<ApiKeyView & { key: string }> {
    const c = newCredential(API_KEY_PREFIX);
    const record: ApiKeyRecord = {
      id: c.id,
      user,
      name,
      hash: c.hash,
      createdAt: new Date(this.now()).toISOString(),
    };
    if (expiresInSec !== undefined) {
      record.expiresAt = new Date(this.now() + expiresInSec * 1000).toISOString();
    }
    await this.kv.set([...KEY, c.id], record);
    const { hash: _, ...view } = record;
    return { ...view, key: c.token };
  }

  /** The user of a valid key (known, secret matches, not expired), else undefined. */
  async verify(token: string): Promise<ApiKeyRecord | undefined> {
    const parsed = parseCredential(API_KEY_PREFIX, token);
    if (!parsed) return undefined;
    const record = (await this.kv.get<ApiKeyRecord>([...KEY, parsed.id])).value;
    if (!record || !secretMatches(parsed.secret, record.hash)) return undefined;
    if (record.expiresAt && Date.parse(record.expiresAt) <= this.now()) return undefined;
    return record;
  }

  /** Keys of `user`, or of everyone when `user` is undefined. */
  async list(user?: string): Promise<ApiKeyView[]> {
    const out: ApiKeyView[] = [];
    for await (const e of this.kv.list<ApiKeyRecord>({ prefix: KEY })) {
      if (user !== undefined && e.value.user !== user) continue;
      const { hash: _, ...view } = e.value;
      out.push(view);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** One key's record (for ownership checks before a revoke). */
  async get(id: string): Promise<ApiKeyView | undefined> {
    if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
    const record = (await this.kv.get<ApiKeyRecord>([...KEY, id])).value;
    if (!record) return undefined;
    const { hash: _, ...view } = record;
    return view;
  }

  /** Revokes a key at once; resolves false when there was none. */
  revoke(id: string): Promise<boolean> {
    return deleteIfPresent(this.kv, [...KEY, id]);
  }

  /** Revokes every key of `user`; resolves with how many. */
  async revokeAll(user: string): Promise<number> {
    const keys = await this.list(user);
    for (const k of keys) await this.kv.delete([...KEY, k.id]);
    return keys.length;
  }
}
