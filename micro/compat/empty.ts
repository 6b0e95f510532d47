/**
 * An empty module: type-only imports the platform cannot fetch at build (such as
 * `jsr:@supabase/functions-js/edge-runtime.d.ts`) resolve here; the runner provides the runtime
 * they describe (`EdgeRuntime.waitUntil`).
 * @module
 */
export {};
