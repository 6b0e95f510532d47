/**
 * Who owns each function: `["auth", "owner", <function>] → <user>`, kept in the data folder beside
 * the accounts, not in the build record. The record is the registry's output, rebuilt from
 * `registry_in/` at any time and shared with gateways as files; ownership is an account fact
 * that must survive rebuilds, failed builds and folders copied in by hand. A function with no
 * entry (shipped examples, folders dropped into `registry_in/`, deploys with the admin token) is
 * managed by admins only.
 */

const OWNER = ["auth", "owner"];

/** The ownership store. */
export class OwnerStore {
  constructor(private readonly kv: Deno.Kv) {}

  /** The owner of `fn`, or undefined when only admins manage it. */
  async get(fn: string): Promise<string | undefined> {
    return (await this.kv.get<string>([...OWNER, fn])).value ?? undefined;
  }

  /**
   * Makes `user` the owner of `fn` unless someone else owns it.
   * @returns whether `user` owns it now.
   */
  async claim(fn: string, user: string): Promise<boolean> {
    const key = [...OWNER, fn];
    const entry = await this.kv.get<string>(key);
    if (entry.value === user) return true;
    if (entry.value !== null) return false;
    return (await this.kv.atomic().check(entry).set(key, user).commit()).ok;
  }

  /** Sets (or, with undefined, clears) the owner of `fn`. */
  async set(fn: string, user: string | undefined): Promise<void> {
    if (user === undefined) await this.kv.delete([...OWNER, fn]);
    else await this.kv.set([...OWNER, fn], user);
  }

  /** Every function → owner pair. */
  async all(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const e of this.kv.list<string>({ prefix: OWNER })) {
      out.set(String(e.key[2]), e.value);
    }
    return out;
  }

  /** Clears the ownership of every function of `user` (its account is going). */
  async release(user: string): Promise<string[]> {
    const released: string[] = [];
    for (const [fn, owner] of await this.all()) {
      if (owner !== user) continue;
      await this.kv.delete([...OWNER, fn]);
      released.push(fn);
    }
    return released;
  }
}
