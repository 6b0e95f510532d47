/**
 * The platform's version: one source, the `version` field of `deno.json`. `/healthz`, `denofn
 * version` and the `denofn_build_info` metric report it.
 * @module
 */
import config from "../deno.json" with { type: "json" };

/** The version of this checkout of denofn, e.g. `0.1.0`. */
export const VERSION: string = config.version;
