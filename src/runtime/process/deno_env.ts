/**
 * The environment of a function's child: the manifest's `env` and the few variables Deno itself
 * needs to find its cache. The platform's own variables (admin token, config) never pass.
 */
import type { Manifest } from "../../manifest/mod.ts";

function denoDir(): string | undefined {
  try {
    return Deno.env.get("DENO_DIR") ??
      (Deno.env.get("HOME") ? `${Deno.env.get("HOME")}/.cache/deno` : undefined);
  } catch {
    return undefined;
  }
}

const DENO_DIR = denoDir();

/** The complete environment for a function child (used with `clearEnv: true`). */
export function childEnv(manifest: Manifest): Record<string, string> {
  const env: Record<string, string> = {
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
  };
  if (DENO_DIR) env.DENO_DIR = DENO_DIR;
  return { ...env, ...manifest.env };
}
