/**
 * The registry that stand-in libraries (`functions.http`, `app.http`) and the runner's captures
 * (`Deno.serve`, `addEventListener("fetch")`) write to. It lives on `globalThis` under a
 * registered symbol, so a bundle's own copy of a stand-in and the runner share it.
 */
import { type Registrations, REGISTRATIONS_KEY } from "./types.ts";

/** The registry of this process, created on first use. */
export function registrations(): Registrations {
  const g = globalThis as unknown as Record<symbol, Registrations | undefined>;
  return (g[REGISTRATIONS_KEY] ??= { gcf: new Map(), azure: new Map() });
}

/**
 * Defines `Netlify.env` (over the function's `env`) and `EdgeRuntime.waitUntil` (Supabase) as
 * those platforms provide them, unless the function defines them itself.
 */
export function installGlobals(env: Record<string, string>): void {
  const g = globalThis as Record<string, unknown>;
  g.Netlify ??= {
    env: {
      get: (name: string) => env[name],
      has: (name: string) => Object.prototype.hasOwnProperty.call(env, name),
      set: (name: string, value: string) => void (env[name] = value),
      delete: (name: string) => void delete env[name],
      toObject: () => ({ ...env }),
    },
    context: null,
  };
  g.EdgeRuntime ??= {
    waitUntil: (p: unknown) => Promise.resolve(p).catch((e) => console.error(e)),
  };
}
