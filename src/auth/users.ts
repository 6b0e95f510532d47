/**
 * Accounts in Deno KV (`["auth", "user", <name>]`): name, role, argon2id hash, and a version that
 * grows when the password or role changes, which ends the sessions issued before.
 */
import { z } from "zod";
import { deleteIfPresent } from "../util/kv.ts";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./passwords.ts";
import { type Role, ROLES } from "./roles.ts";

/** A user name: 2 to 32 of lower-case letters, digits, `_` and `-`, starting with a letter. */
export const USER_NAME_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;

/** What `POST /admin/users` takes. */
export const newUserSchema = z.strictObject({
  name: z.string().regex(USER_NAME_PATTERN, {
    message: "must be 2-32 of a-z, 0-9, _ and -, starting with a letter",
  }),
  password: z.string().min(MIN_PASSWORD_LENGTH, {
    message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  }).max(MAX_PASSWORD_LENGTH),
  role: z.enum(ROLES).default("deployer"),
});

/** A stored account. */
export interface UserRecord {
  name: string;
  role: Role;
  /** argon2id PHC string. */
  hash: string;
  /** Grows with each password or role change; sessions carry the version they were issued at. */
  version: number;
  createdAt: string;
}

/** What listings show of an account (never the hash). */
export type UserView = Omit<UserRecord, "hash" | "version">;

const USER = ["auth", "user"];

/** The account store. */
export class UserStore {
  constructor(private readonly kv: Deno.Kv) {}

  /** One account, if it exists. */
  async get(name: string): Promise<UserRecord | undefined> {
    if (!USER_NAME_PATTERN.test(name)) return undefined;
    return (await this.kv.get<UserRecord>([...USER, name])).value ?? undefined;
  }

  /** Creates an account; resolves false when the name is taken. */
  async create(input: { name: string; password: string; role: Role }): Promise<boolean> {
    const record: UserRecord = {
      name: input.name,
      role: input.role,
      hash: await hashPassword(input.password),
      version: 1,
      createdAt: new Date().toISOString(),
    };
    const key = [...USER, input.name];
    const r = await this.kv.atomic().check({ key, versionstamp: null }).set(key, record).commit();
    return r.ok;
  }

  /** Every account, by name. */
  async list(): Promise<UserView[]> {
    const out: UserView[] = [];
    for await (const e of this.kv.list<UserRecord>({ prefix: USER })) {
      out.push({ name: e.value.name, role: e.value.role, createdAt: e.value.createdAt });
    }
    return out;
  }

  /** Deletes an account; resolves false when there was none. */
  delete(name: string): Promise<boolean> {
    return deleteIfPresent(this.kv, [...USER, name]);
  }

  /** Whether any account has the `admin` role. */
  async hasAdmin(): Promise<boolean> {
    return (await this.list()).some((u) => u.role === "admin");
  }
}
