// The function's settings (.denofn/function.json, written at build) and its own environment.
import { readFileSync } from "node:fs";

/** `{ name, entry, mode, shape, handler, lambdaEvent, timeoutMs, memoryMb }`. */
export const settings = JSON.parse(
  readFileSync(new URL("./.denofn/function.json", import.meta.url), "utf8"),
);

/** Variables of the image and the platform, not the function's. */
const OWN =
  /^(PATH|HOME|HOSTNAME|LANG|LC_.*|TERM|PWD|SHLVL|PORT|NODE_.*|NPM_.*|YARN_.*|PYTHON.*|DENO_.*|DENOFN_.*|OTEL_.*|_)$/;

/** The variables the platform gave the function: the manifest's `env` and its secrets. */
export function functionEnv() {
  const out = {};
  for (const [k, v] of Object.entries(process.env)) if (!OWN.test(k) && v !== undefined) out[k] = v;
  return out;
}
