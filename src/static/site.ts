/**
 * A function's static site (`"static": "<folder>"`), served by the gateway with no instance:
 * files with {@link serveFile}; with `"spa": true`, `index.html` for unknown paths whose request
 * accepts HTML; with `"spa": { "apiPrefix": "/api" }`, that prefix goes to the handler. What the
 * site does not answer (other methods, unknown paths) goes to the function's handler, or is a 404
 * when the function has no code.
 */
import { join } from "node:path";
import { BadRequest, DenofnError } from "../errors/mod.ts";
import { isInside } from "../manifest/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { type FoundFile, resolveStatic } from "./resolve.ts";
import { serveFile } from "./serve_file.ts";

/** 404 of a static-only function: no file at that path. */
export class StaticNotFound extends DenofnError {
  constructor(fn: string, path: string) {
    super(404, "not_found", `No file at ${path.slice(0, 200)} in "${fn}"`, fn);
  }
}

interface Site {
  root: string;
  hidden: string[];
}

const sites = new WeakMap<FunctionRecord, Promise<Site | undefined>>();

/** The real path of the static folder (inside the function folder), cached per record. */
function siteOf(record: FunctionRecord): Promise<Site | undefined> {
  let site = sites.get(record);
  if (!site) {
    site = (async () => {
      const m = record.manifest!;
      try {
        const dir = await Deno.realPath(record.sourceDir);
        const root = await Deno.realPath(join(record.sourceDir, m.static!));
        if (!isInside(dir, root) || !(await Deno.stat(root)).isDirectory) return undefined;
        const entry = m.entry &&
          await Deno.realPath(join(record.sourceDir, m.entry)).catch(() => "");
        return { root, hidden: entry ? [entry] : [] };
      } catch {
        return undefined;
      }
    })();
    sites.set(record, site);
  }
  return site;
}

/** Whether `record` has code to run (a bundle or an image), as opposed to static files only. */
export function hasCode(record: FunctionRecord): boolean {
  return record.bundle !== undefined || record.image !== undefined;
}

function cacheControl(m: NonNullable<FunctionRecord["manifest"]>): string {
  if (!m.cache || m.cache.maxAge === 0) return "no-cache";
  return `public, max-age=${m.cache.maxAge}${m.cache.immutable ? ", immutable" : ""}`;
}

/**
 * The static answer to a call of `record` at `path` (function-relative, no query), or undefined
 * when the handler should answer it.
 * @throws {BadRequest} on an encoded slash, a dot segment or a bad escape.
 */
export async function staticResponse(
  record: FunctionRecord,
  req: Request,
  path: string,
): Promise<Response | undefined> {
  const m = record.manifest!;
  const prefix = typeof m.spa === "object" ? m.spa.apiPrefix : undefined;
  if (prefix && (path === prefix || path.startsWith(`${prefix}/`))) return undefined;
  if (req.method !== "GET" && req.method !== "HEAD") return undefined;
  const site = await siteOf(record);
  if (!site) return undefined;
  const found = await resolveStatic(site.root, path, site.hidden);
  if (found === "bad") {
    throw new BadRequest(`The path ${path.slice(0, 200)} is not allowed`, record.name);
  }
  let file: FoundFile | undefined = found === "missing" ? undefined : found;
  let control = cacheControl(m);
  if (!file && m.spa !== false && acceptsHtml(req)) {
    const index = await resolveStatic(site.root, "/index.html", site.hidden);
    if (typeof index === "object") [file, control] = [index, "no-cache"];
  }
  return file ? await serveFile(req, file, { root: site.root, cacheControl: control }) : undefined;
}

function acceptsHtml(req: Request): boolean {
  const accept = req.headers.get("accept") ?? "";
  return accept.includes("text/html") || accept.includes("application/xhtml+xml");
}
