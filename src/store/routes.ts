/**
 * `/store/<collection>[/<id>]`: JSON documents. `GET` reads (with `ETag`), `PUT` creates or
 * replaces, `PATCH` merges (RFC 7396), `DELETE` removes; `If-Match` and `If-None-Match: *` guard
 * writes (412); the list `GET /store/<collection>?prefix=&limit=&cursor=` pages in id order.
 */
import { Hono } from "hono";
import { readLimited } from "../async/chunks.ts";
import { DenofnError } from "../errors/mod.ts";
import type { StoreNeed } from "./access.ts";
import type { Documents } from "./document_api.ts";
import { etagOf, type StoredDoc } from "./documents.ts";
import { BadDocument, DocumentNotFound, DocumentTooLarge } from "./errors.ts";
import type { Json } from "./merge_patch.ts";
import { isCollection, isDocId } from "./names.ts";

/** Checks a request's right to `need` on `collection`; throws 401/403. */
export type Authorize = (req: Request, collection: string, need: StoreNeed) => void | Promise<void>;

/** What the store routes need. */
export interface StoreRouteDeps {
  documents: Documents;
  authorize: Authorize;
  /** Told of each finished request (metrics). */
  onOp?(op: string, status: number): void;
}

/** Most documents in one page. */
export const MAX_PAGE = 1_000;

function names(collection: string, id?: string) {
  if (!isCollection(collection)) {
    throw new BadDocument(`"${collection.slice(0, 80)}" is not a valid collection name`);
  }
  if (id !== undefined && !isDocId(id)) {
    throw new BadDocument(`"${id.slice(0, 80)}" is not a valid document id`);
  }
}

async function readJson(req: Request, limit: number): Promise<Json> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw new DocumentTooLarge(limit);
  const { bytes, over } = await readLimited(req.body, limit);
  if (over) throw new DocumentTooLarge(limit);
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadDocument("The body must be JSON");
  }
}

function docResponse(doc: StoredDoc, status = 200): Response {
  return Response.json(doc.data, {
    status,
    headers: { etag: etagOf(doc.version), "x-denofn-version": String(doc.version) },
  });
}

/** Builds the store app (mount it at `/store`). */
export function createStoreApp(deps: StoreRouteDeps): Hono {
  const app = new Hono();
  const { documents } = deps;
  const when = (req: Request) => ({
    ifMatch: req.headers.get("if-match") ?? undefined,
    ifNoneMatch: req.headers.get("if-none-match") ?? undefined,
  });

  app.use("*", async (c, next) => {
    await next();
    deps.onOp?.(c.req.method, c.res.status);
  });

  app.get("/:collection", async (c) => {
    const collection = c.req.param("collection");
    names(collection);
    await deps.authorize(c.req.raw, collection, "read");
    const limit = Number(c.req.query("limit") ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new BadDocument(`limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    const prefix = c.req.query("prefix") ?? "";
    if (prefix.length > 128) throw new BadDocument("prefix may be at most 128 characters");
    const cursor = c.req.query("cursor") || undefined;
    try {
      return c.json(await documents.list(collection, { prefix, limit, cursor }));
    } catch (error) {
      if (error instanceof DenofnError) throw error;
      throw new BadDocument(`Cannot list: ${(error as Error).message}`);
    }
  });

  app.get("/:collection/:id", async (c) => {
    const { collection, id } = c.req.param();
    names(collection, id);
    await deps.authorize(c.req.raw, collection, "read");
    const doc = await documents.get(collection, id);
    if (!doc) throw new DocumentNotFound(collection, id);
    const inm = c.req.header("if-none-match");
    if (inm && inm.split(",").map((s) => s.trim()).includes(etagOf(doc.version))) {
      return c.body(null, 304, { etag: etagOf(doc.version) });
    }
    return docResponse(doc);
  });

  app.put("/:collection/:id", async (c) => {
    const { collection, id } = c.req.param();
    names(collection, id);
    await deps.authorize(c.req.raw, collection, "write");
    const data = await readJson(c.req.raw, documents.maxDocBytes);
    const { doc, kind } = await documents.put(collection, id, data, when(c.req.raw));
    return docResponse(doc!, kind === "created" ? 201 : 200);
  });

  app.patch("/:collection/:id", async (c) => {
    const { collection, id } = c.req.param();
    names(collection, id);
    await deps.authorize(c.req.raw, collection, "write");
    const patch = await readJson(c.req.raw, documents.maxDocBytes);
    const { doc } = await documents.patch(collection, id, patch, when(c.req.raw));
    return docResponse(doc!);
  });

  app.delete("/:collection/:id", async (c) => {
    const { collection, id } = c.req.param();
    names(collection, id);
    await deps.authorize(c.req.raw, collection, "write");
    await documents.delete(collection, id, when(c.req.raw));
    return c.body(null, 204);
  });

  app.onError((error, c) => {
    if (error instanceof DenofnError) return c.json(error.toBody(), error.status as 400);
    console.error(`[store] ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: `Internal store error: ${error.message}`, code: "internal" }, 500);
  });
  app.notFound((c) =>
    c.json({ error: `No store route for ${c.req.path}`, code: "not_found" }, 404)
  );
  return app;
}
