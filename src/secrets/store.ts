/**
 * Secrets per function in Deno KV (`["secrets", <function>, <NAME>]`), each value encrypted with
 * AES-256-GCM under a fresh 96-bit IV, with the function and name as additional data (a stored
 * value cannot be moved to another function or name). Nothing here ever returns a value to the
 * admin API: listings show names and times only; values leave only through {@link envFor}, into
 * an instance's environment.
 */
import { secretNameProblem, secretValueProblem } from "./names.ts";

/** What a listing shows of a secret. */
export interface SecretInfo {
  name: string;
  updatedAt: string;
}

interface Sealed {
  iv: Uint8Array;
  data: Uint8Array;
  updatedAt: string;
}

/** A secret's name or value broke a rule; the message says which. */
export class SecretRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretRuleError";
  }
}

const SECRETS = "secrets";
/**
 * How long decrypted values are reused. A change through this store applies at once; one made by
 * another process of the platform (sharing the data folder) within this time.
 */
export const SECRET_CACHE_MS = 5_000;
const enc = new TextEncoder();
const aad = (fn: string, name: string) => enc.encode(`denofn-secret\0${fn}\0${name}`);

/** The secret store. */
export class SecretStore {
  readonly #env = new Map<string, { at: number; env: Promise<Record<string, string>> }>();

  constructor(
    private readonly kv: Deno.Kv,
    private readonly key: CryptoKey,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sets (or replaces) a secret. @throws {SecretRuleError} on a bad name or value. */
  async set(fn: string, name: string, value: string): Promise<void> {
    const problem = secretNameProblem(name) ?? secretValueProblem(value);
    if (problem) throw new SecretRuleError(`Cannot set the secret: ${problem}`);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: aad(fn, name) },
        this.key,
        enc.encode(value),
      ),
    );
    const sealed: Sealed = { iv, data, updatedAt: new Date().toISOString() };
    await this.kv.set([SECRETS, fn, name], sealed);
    this.#env.delete(fn);
  }

  /** Names and update times of the secrets of `fn`, by name. */
  async list(fn: string): Promise<SecretInfo[]> {
    const out: SecretInfo[] = [];
    for await (const e of this.kv.list<Sealed>({ prefix: [SECRETS, fn] })) {
      out.push({ name: String(e.key[2]), updatedAt: e.value.updatedAt });
    }
    return out;
  }

  /** Deletes a secret; resolves false when there was none. */
  async delete(fn: string, name: string): Promise<boolean> {
    const entry = await this.kv.get([SECRETS, fn, name]);
    if (entry.versionstamp === null) return false;
    await this.kv.delete([SECRETS, fn, name]);
    this.#env.delete(fn);
    return true;
  }

  /** Deletes every secret of `fn` (the function is being deleted). */
  async deleteAll(fn: string): Promise<void> {
    for await (const e of this.kv.list({ prefix: [SECRETS, fn] })) await this.kv.delete(e.key);
    this.#env.delete(fn);
  }

  /** One secret's value (for per-function auth), or undefined. */
  async get(fn: string, name: string): Promise<string | undefined> {
    return (await this.envFor(fn))[name];
  }

  /**
   * Every secret of `fn` as environment variables, decrypted once and reused for
   * {@link SECRET_CACHE_MS} or until a secret of `fn` changes through this store.
   */
  envFor(fn: string): Promise<Record<string, string>> {
    const cached = this.#env.get(fn);
    if (cached && this.now() - cached.at < SECRET_CACHE_MS) return cached.env;
    const env = this.#decryptAll(fn);
    env.catch(() => this.#env.delete(fn));
    this.#env.set(fn, { at: this.now(), env });
    return env;
  }

  async #decryptAll(fn: string): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for await (const e of this.kv.list<Sealed>({ prefix: [SECRETS, fn] })) {
      const name = String(e.key[2]);
      const plain = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: e.value.iv as Uint8Array<ArrayBuffer>,
          additionalData: aad(fn, name),
        },
        this.key,
        e.value.data as Uint8Array<ArrayBuffer>,
      ).catch(() => {
        throw new Error(
          `Cannot decrypt the secret ${name} of "${fn}": the secrets key changed or the data is damaged`,
        );
      });
      env[name] = new TextDecoder().decode(plain);
    }
    return env;
  }
}
