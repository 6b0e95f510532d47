/**
 * The accounts side of auth assembled: users, API keys, sessions, ownership, function keys and
 * the login limiter over one Deno KV, and {@link Accounts.authenticate}, which turns any bearer
 * credential (the bootstrap admin token, a session token or an API key) into a principal.
 */
import { tokensEqual } from "../util/bearer.ts";
import { ApiKeyStore } from "./api_keys.ts";
import { TooManyAttempts } from "./errors.ts";
import { FunctionKeyStore } from "./function_keys.ts";
import { LoginLimiter } from "./login_limiter.ts";
import { OwnerStore } from "./owners.ts";
import { verifyNothing, verifyPassword } from "./passwords.ts";
import { BOOTSTRAP_ADMIN, type Principal } from "./roles.ts";
import { type SessionLifetimes, Sessions, type SessionTokens } from "./sessions.ts";
import { UserStore } from "./users.ts";

/** What {@link Accounts} is made of. */
export interface AccountsOptions {
  kv: Deno.Kv;
  /** The bootstrap admin token (always accepted as `admin`). */
  adminToken: string;
  /** Key that signs session tokens (see `loadSessionKey`). */
  sessionKey: string;
  lifetimes?: Partial<SessionLifetimes>;
  /** Whether `POST /auth/register` creates deployer accounts for anyone. */
  openRegistration?: boolean;
  limiter?: LoginLimiter;
  now?: () => number;
}

/** Default token lifetimes: 15-minute sessions, 7-day refresh tokens. */
export const DEFAULT_LIFETIMES: SessionLifetimes = { accessSec: 900, refreshSec: 7 * 86_400 };

/** Why a bearer credential was not accepted. */
export type AuthFailure = "missing" | "invalid";

/** Users, keys, sessions and ownership. */
export class Accounts {
  readonly users: UserStore;
  readonly keys: ApiKeyStore;
  readonly owners: OwnerStore;
  readonly functionKeys: FunctionKeyStore;
  readonly sessions: Sessions;
  readonly limiter: LoginLimiter;
  readonly openRegistration: boolean;
  readonly #adminToken: string;

  constructor(options: AccountsOptions) {
    if (!options.adminToken) throw new Error("Cannot set up accounts: the admin token is empty");
    const now = options.now ?? Date.now;
    this.users = new UserStore(options.kv);
    this.keys = new ApiKeyStore(options.kv, now);
    this.owners = new OwnerStore(options.kv);
    this.functionKeys = new FunctionKeyStore(options.kv, now);
    this.sessions = new Sessions(
      options.kv,
      options.sessionKey,
      { ...DEFAULT_LIFETIMES, ...options.lifetimes },
      now,
    );
    this.limiter = options.limiter ?? new LoginLimiter({ now });
    this.openRegistration = options.openRegistration ?? false;
    this.#adminToken = options.adminToken;
  }

  /** The principal of an `Authorization` header, or why there is none. */
  async authenticate(header: string | null | undefined): Promise<Principal | AuthFailure> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match) return "missing";
    const token = match[1];
    if (tokensEqual(token, this.#adminToken)) return BOOTSTRAP_ADMIN;
    if (token.startsWith("dfk_")) {
      const key = await this.keys.verify(token);
      const user = key && await this.users.get(key.user);
      return user
        ? { kind: "api-key", user: user.name, role: user.role, keyId: key.id }
        : "invalid";
    }
    if (Sessions.looksLikeJwt(token)) {
      const claims = await this.sessions.verify(token);
      const user = claims && await this.users.get(claims.user);
      if (!user || user.version !== claims.version) return "invalid";
      return { kind: "session", user: user.name, role: user.role };
    }
    return "invalid";
  }

  /**
   * Checks a name and password and opens a session.
   * @returns undefined when they do not match.
   * @throws {TooManyAttempts} when the name or the address failed too often lately.
   */
  async login(
    name: string,
    password: string,
    address?: string,
  ): Promise<SessionTokens | undefined> {
    const wait = this.limiter.retryAfterSec(name, address);
    if (wait > 0) throw new TooManyAttempts(wait);
    const user = await this.users.get(name);
    const ok = user ? await verifyPassword(user.hash, password) : await verifyNothing(password);
    if (!ok || !user) {
      this.limiter.fail(name, address);
      return undefined;
    }
    this.limiter.succeed(name);
    return await this.sessions.issue(user.name, user.version);
  }

  /** Trades a refresh token for a new session (undefined when it is not valid any more). */
  refresh(refreshToken: string): Promise<SessionTokens | undefined> {
    return this.sessions.refresh(
      refreshToken,
      async (name) => (await this.users.get(name))?.version,
    );
  }

  /**
   * Deletes an account: its API keys are revoked, its sessions end (they name a user that is
   * gone), and its functions go back to admin-only management.
   * @returns false when there was no such account.
   */
  async deleteUser(name: string): Promise<boolean> {
    if (!(await this.users.delete(name))) return false;
    await this.keys.revokeAll(name);
    await this.owners.release(name);
    return true;
  }

  /** Forgets what belongs to a deleted function: its owner and its keys. */
  async forgetFunction(fn: string): Promise<void> {
    await this.owners.set(fn, undefined);
    await this.functionKeys.revokeAll(fn);
  }
}
