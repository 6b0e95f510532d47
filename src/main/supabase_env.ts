/**
 * The environment names Supabase functions read, from the platform's configuration: each
 * `DENOFN_SUPABASE_*` variable that is set reaches every function as its Supabase name.
 */
import type { Config } from "../config/mod.ts";

const NAMES = {
  DENOFN_SUPABASE_URL: "SUPABASE_URL",
  DENOFN_SUPABASE_ANON_KEY: "SUPABASE_ANON_KEY",
  DENOFN_SUPABASE_SERVICE_ROLE_KEY: "SUPABASE_SERVICE_ROLE_KEY",
  DENOFN_SUPABASE_DB_URL: "SUPABASE_DB_URL",
} as const;

/** `{ SUPABASE_URL, ... }` for the names the configuration sets. */
export function supabaseEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [from, to] of Object.entries(NAMES)) {
    const value = config[from as keyof typeof NAMES];
    if (value !== undefined) env[to] = value;
  }
  return env;
}
