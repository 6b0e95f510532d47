/**
 * Platform configuration from the environment.
 * @module
 */
export { type Config, ConfigError, configSchema, manifestDefaults, parseConfig } from "./schema.ts";
