/**
 * Static sites and single-page apps served by the gateway from a function's folder.
 * @module
 */
export { hasCode, StaticNotFound, staticResponse } from "./site.ts";
export { pathSegments, type Resolved, resolveStatic } from "./resolve.ts";
export { serveFile, type ServeOptions } from "./serve_file.ts";
export { type ByteRange, parseRange } from "./range.ts";
