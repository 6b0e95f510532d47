/**
 * What the platform tells the runner about a function besides its bundle, as one JSON argument:
 * names and settings only, never values (a command line is visible to every local user).
 */
import type { ShapeSettings } from "./shapes/mod.ts";

/** The runner's settings. */
export interface RunnerSettings extends ShapeSettings {
  /** Names of the manifest's `env` (the values come from the environment). */
  env: string[];
  timeoutMs: number;
  memoryMb: number;
}

/** Reads the settings argument (defaults for an older platform that passed none). */
export function readSettings(text: string | undefined): RunnerSettings {
  const s = JSON.parse(text || "{}") as Partial<RunnerSettings>;
  return {
    shape: s.shape ?? "auto",
    handler: s.handler,
    lambdaEvent: s.lambdaEvent ?? "v1",
    env: s.env ?? [],
    timeoutMs: s.timeoutMs ?? 30_000,
    memoryMb: s.memoryMb ?? 256,
  };
}
