/**
 * Who is calling the admin API and what they may do. Three roles: `admin` manages everything,
 * `deployer` manages only the functions it owns, `viewer` reads. The bootstrap admin token is an
 * `admin` with no user name.
 */

/** The roles of accounts. */
export const ROLES = ["admin", "deployer", "viewer"] as const;

/** A role. */
export type Role = (typeof ROLES)[number];

/** How a caller proved who it is. */
export type CredentialKind = "admin-token" | "session" | "api-key";

/** An authenticated caller. */
export interface Principal {
  kind: CredentialKind;
  /** The account name; absent for the bootstrap admin token. */
  user?: string;
  role: Role;
  /** The API key's id, when the caller used one. */
  keyId?: string;
}

/** The principal of the bootstrap admin token. */
export const BOOTSTRAP_ADMIN: Principal = Object.freeze({ kind: "admin-token", role: "admin" });

/** Whether `p` may read a function owned by `owner` (undefined: nobody, only admins manage it). */
export function mayRead(p: Principal, owner: string | undefined): boolean {
  if (p.role === "admin" || p.role === "viewer") return true;
  return owner !== undefined && owner === p.user;
}

/** Whether `p` may deploy, delete, restart or set secrets and keys of a function of `owner`. */
export function mayManage(p: Principal, owner: string | undefined): boolean {
  if (p.role === "admin") return true;
  return p.role === "deployer" && owner !== undefined && owner === p.user;
}

/** How `p` is named in messages and logs: the user, or `admin token`. */
export function describePrincipal(p: Principal): string {
  return p.user ? `${p.user} (${p.role})` : "the admin token";
}
