/**
 * Answers a request with one file: content type, `ETag` and `Last-Modified` with `304` to
 * conditional requests, one `Range` (`206`, or `416`), `Cache-Control`, and a compressed body when
 * the client accepts it: a precompressed `<file>.br` or `<file>.gz` beside the file, else gzip on
 * the fly for text types over 1 KiB.
 */
import { basename, dirname, join } from "node:path";
import { getMimeType } from "hono/utils/mime";
import { isInside } from "../manifest/mod.ts";
import { fileSlice, parseRange } from "./range.ts";
import type { FoundFile } from "./resolve.ts";

/** Smallest file compressed on the fly. */
const MIN_COMPRESS = 1024;
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json|wasm)|image\/svg)/;

/** How to answer. */
export interface ServeOptions {
  /** Real path of the static folder (precompressed siblings must lie inside it too). */
  root: string;
  cacheControl: string;
}

/** The content codings of `Accept-Encoding` with a q above 0. */
function accepted(header: string | null): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) out.add(name);
  }
  return out;
}

async function sibling(root: string, file: string, ext: string): Promise<FoundFile | undefined> {
  try {
    const path = await Deno.realPath(join(dirname(file), basename(file) + ext));
    const info = await Deno.stat(path);
    return info.isFile && isInside(root, path) ? { path, info } : undefined;
  } catch {
    return undefined;
  }
}

function etagOf(info: Deno.FileInfo, coding = ""): string {
  const mtime = info.mtime?.getTime() ?? 0;
  return `"${info.size.toString(36)}-${mtime.toString(36)}${coding ? `-${coding}` : ""}"`;
}

function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.trim() === "*" ||
    ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}

/** The response for `found`, given the request's method and headers. */
export async function serveFile(
  req: Request,
  found: FoundFile,
  o: ServeOptions,
): Promise<Response> {
  const type = getMimeType(found.path) ?? "application/octet-stream";
  const codings = accepted(req.headers.get("accept-encoding"));
  const wantsRange = req.headers.has("range");
  let body = found;
  let coding: string | undefined;
  if (!wantsRange) {
    for (const [name, ext] of [["br", ".br"], ["gzip", ".gz"]] as const) {
      if (!codings.has(name)) continue;
      const pre = await sibling(o.root, found.path, ext);
      if (pre) {
        [body, coding] = [pre, name];
        break;
      }
    }
  }
  const onTheFly = !coding && !wantsRange && codings.has("gzip") &&
    found.info.size >= MIN_COMPRESS && COMPRESSIBLE.test(type);
  if (onTheFly) coding = "gzip";

  const headers = new Headers({
    "content-type": type,
    "cache-control": o.cacheControl,
    "etag": etagOf(found.info, coding === "br" ? "br" : coding ? "gz" : ""),
    "vary": "accept-encoding",
    "x-content-type-options": "nosniff",
  });
  if (found.info.mtime) headers.set("last-modified", found.info.mtime.toUTCString());
  if (!coding) headers.set("accept-ranges", "bytes");

  const inm = req.headers.get("if-none-match");
  const ims = req.headers.get("if-modified-since");
  const notModified = inm !== null
    ? matches(inm, headers.get("etag")!)
    : ims !== null && found.info.mtime !== null &&
      Math.floor(found.info.mtime.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
  if (notModified) return new Response(null, { status: 304, headers });

  const size = body.info.size;
  const ifRange = req.headers.get("if-range");
  const range = coding || (ifRange !== null && ifRange !== headers.get("etag"))
    ? undefined
    : parseRange(req.headers.get("range"), size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  if (coding) headers.set("content-encoding", coding);
  const head = req.method === "HEAD";
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : size;
  if (range) headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  if (!onTheFly) headers.set("content-length", String(length));
  if (head) return new Response(null, { status: range ? 206 : 200, headers });
  const file = await Deno.open(body.path, { read: true });
  const stream: ReadableStream<Uint8Array> = fileSlice(file, start, length);
  const sent = onTheFly
    ? stream.pipeThrough(new CompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>)
    : stream;
  return new Response(sent, { status: range ? 206 : 200, headers });
}
