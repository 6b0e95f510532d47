/**
 * The registry stand-in libraries record handlers in: a `globalThis` entry under a registered
 * symbol, which the platform's runner reads after importing the bundle.
 */

/** What stand-ins record. */
export interface CompatRegistry {
  gcf: Map<string, unknown>;
  azure: Map<string, unknown>;
}

/**
 * The registry of this process (created on first use).
 *
 * @example
 * ```ts
 * import { compatRegistry } from "./registry.ts";
 *
 * compatRegistry().gcf.set("hello", (_req: unknown, res: { send(s: string): void }) => res.send("hi"));
 * ```
 */
export function compatRegistry(): CompatRegistry {
  const g = globalThis as unknown as Record<symbol, CompatRegistry | undefined>;
  return (g[Symbol.for("denofn.registrations")] ??= { gcf: new Map(), azure: new Map() });
}
