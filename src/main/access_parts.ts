/**
 * The access block of the composition root: one Deno KV database, `<data>/auth.kv`, holding
 * accounts, API keys, refresh tokens, function ownership, function keys and the encrypted
 * secrets; the session signing key and the secrets key beside it (mode 0600). Every role opens
 * it: gateways authenticate, check per-function auth and start instances with secrets; the
 * registry runs manifest tests with the same secrets as traffic.
 */
import { join } from "node:path";
import type { Hono } from "hono";
import { Accounts, createAuthRoutes, createInvokeGuard, type InvokeGuard } from "../auth/mod.ts";
import { loadSessionKey } from "../auth/mod.ts";
import type { Config } from "../config/mod.ts";
import type { GatewayEnv } from "../gateway/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { InstanceStarter } from "../runtime/mod.ts";
import { loadSecretsKey, recordWithSecrets, secretStarter, SecretStore } from "../secrets/mod.ts";

/** File name of the access database inside the data folder. */
export const ACCESS_DB = "auth.kv";

/** What {@link openAccessParts} gives the composition root. */
export interface AccessParts {
  accounts: Accounts;
  secrets: SecretStore;
  /** Per-function auth on calls (the gateway's `guard`). */
  guard: InvokeGuard;
  /** A starter whose instances get their function's secrets. */
  starter(inner: InstanceStarter): InstanceStarter;
  /** The record a call or a manifest test runs with: secrets in its environment. */
  withSecrets(record: FunctionRecord): Promise<FunctionRecord>;
  /** Mounts `/auth/...` on the gateway. */
  mount(gateway: Hono<GatewayEnv>): void;
  close(): void;
}

/** Opens the access database and keys of `dataDir`. */
export async function openAccessParts(o: {
  config: Config;
  dataDir: string;
  adminToken: string;
  say: (line: string) => void;
}): Promise<AccessParts> {
  await Deno.mkdir(o.dataDir, { recursive: true });
  const kv = await Deno.openKv(join(o.dataDir, ACCESS_DB));
  try {
    const secretsKey = await loadSecretsKey(
      o.dataDir,
      o.config.DENOFN_SECRETS_KEY ?? o.config.DENOFN_SECRET_KEY,
    );
    if (secretsKey.source === "generated") {
      o.say(`[platform] generated the secrets key in ${secretsKey.path} (keep it with the data)`);
    }
    const secrets = new SecretStore(kv, secretsKey.key);
    const accounts = new Accounts({
      kv,
      adminToken: o.adminToken,
      sessionKey: await loadSessionKey(o.dataDir),
      lifetimes: {
        accessSec: o.config.DENOFN_SESSION_TTL_SEC,
        refreshSec: o.config.DENOFN_REFRESH_TTL_SEC,
      },
      openRegistration: o.config.DENOFN_OPEN_REGISTRATION === "on",
    });
    const guard = createInvokeGuard({
      verifyFunctionKey: (fn, token) => accounts.functionKeys.verify(fn, token),
      secret: (fn, name) => secrets.get(fn, name),
    });
    return {
      accounts,
      secrets,
      guard,
      starter: (inner) => secretStarter(inner, secrets),
      withSecrets: (record) => recordWithSecrets(secrets, record),
      mount(gateway) {
        gateway.route(
          "/auth",
          createAuthRoutes(accounts, (c) => c.env?.remoteAddr?.hostname),
        );
      },
      close: () => kv.close(),
    };
  } catch (error) {
    kv.close();
    throw error;
  }
}
