/**
 * The composition root: config → parts → running platform. Start the platform only through
 * {@link startPlatform}; `main.ts` is the process entry.
 * @module
 */
export { type Platform, type PlatformOverrides, startPlatform } from "./platform.ts";
