/**
 * The environment of a function's child: the manifest's `env` and the few variables Deno itself
 * needs to find its cache. The platform's own variables (admin token, config) never pass, and no
 * manifest name that changes how a runtime loads does either (see `refusedEnvReason`).
 */
import { type Manifest, ManifestError, refusedEnvReason } from "../../manifest/mod.ts";

function denoDir(): string | undefined {
  try {
    return Deno.env.get("DENO_DIR") ??
      (Deno.env.get("HOME") ? `${Deno.env.get("HOME")}/.cache/deno` : undefined);
  } catch {
    return undefined;
  }
}

const DENO_DIR = denoDir();

/**
 * The complete environment for a function child (used with `clearEnv: true`): the manifest's
 * `env` first, then the platform's few variables, which the manifest can never override.
 * @throws {ManifestError} when the manifest sets a refused name (a record the schema let pass).
 */
export function childEnv(manifest: Manifest): Record<string, string> {
  const problems = Object.keys(manifest.env).flatMap((name) => {
    const why = refusedEnvReason(name);
    return why ? [`env.${name}: ${JSON.stringify(name)} ${why}`] : [];
  });
  if (problems.length) throw new ManifestError(problems);
  const env: Record<string, string> = {
    ...manifest.env,
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
  };
  if (DENO_DIR) env.DENO_DIR = DENO_DIR;
  return env;
}
