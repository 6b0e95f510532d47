/** The runner's settings argument of a function (see `child/settings.ts`). */
import { type Manifest, parseHandlerRef } from "../../manifest/mod.ts";
import type { RunnerSettings } from "../child/settings.ts";

/** The settings of a function's instances, from its manifest. */
export function runnerSettings(manifest: Manifest): RunnerSettings {
  return {
    shape: manifest.shape,
    handler: manifest.handler === undefined ? undefined : parseHandlerRef(manifest.handler).name,
    lambdaEvent: manifest.lambda.event,
    env: Object.keys(manifest.env),
    timeoutMs: manifest.timeoutMs,
    memoryMb: manifest.memoryMb,
  };
}
