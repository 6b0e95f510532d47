/**
 * Which base image a template builds on: an explicit `DENOFN_BASE_IMAGE_<RUNTIME>` variable, else
 * by mode — `official` (the template's default, e.g. `python:3.12-slim`), `local` (the offline
 * `denofn/base-*`, built first if missing) or `auto` (local when present, else official).
 */
import { imageExists } from "../engine/cli.ts";
import { ensureBaseImages } from "./base_images.ts";
import type { Template } from "./template.ts";

/** How base images are chosen (env `DENOFN_BASE_IMAGES`). */
export type BaseImageMode = "auto" | "local" | "official";

/** Reads `DENOFN_BASE_IMAGES`, failing fast on a bad value. */
export function baseImageModeFromEnv(env: (name: string) => string | undefined): BaseImageMode {
  const v = env("DENOFN_BASE_IMAGES") || "auto";
  if (v === "auto" || v === "local" || v === "official") return v;
  throw new Error(`DENOFN_BASE_IMAGES must be "auto", "local" or "official", not "${v}"`);
}

/** The variable that overrides a template's base image, e.g. `DENOFN_BASE_IMAGE_DENO_CONTAINER`. */
export function baseImageVariable(runtime: string): string {
  return `DENOFN_BASE_IMAGE_${runtime.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Picks the base image for a template, building the local base when the mode asks for it. */
export async function chooseBaseImage(
  template: Template,
  mode: BaseImageMode,
  env: (name: string) => string | undefined,
  log: (line: string) => void,
): Promise<string> {
  const override = env(baseImageVariable(template.name));
  if (override) return override;
  const local = template.localBase;
  if (mode === "official" || !local) return template.baseImage;
  if (mode === "auto") return await imageExists(local) ? local : template.baseImage;
  if (!await imageExists(local)) {
    log(`base image ${local} is missing; building it from this machine's files`);
    await ensureBaseImages([local], { log });
  }
  return local;
}
