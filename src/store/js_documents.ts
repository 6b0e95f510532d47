/**
 * The store on NATS JetStream (`DENOFN_NATS_URL`): JSON documents in the key-value bucket
 * `denofn_store`, shared by every gateway, with the rules of the embedded store
 * (`documents.ts`): a version per document that grows by one with every change and survives its
 * deletion (a deleted document is kept as a tombstone), `If-Match` / `If-None-Match`, and writes
 * that are compare-and-set on the key's revision, so concurrent writers through different
 * gateways never lose an update.
 *
 * Keys are `<collection>.<id>` with the id's characters outside `[A-Za-z0-9_-]` written as
 * `=hh`. A value is `{ v, t, d, k, b? }`: version, time, data (`null`: deleted), the kind of the
 * change, and the data before it when a function subscribes to that change. The bucket keeps the
 * last 64 revisions of each key: its stream is the feed that store triggers follow
 * (`js_triggers.ts`), so a change is delivered only if it was stored.
 */
import type { KV } from "@nats-io/kv";
import { isRevisionConflict, type Nats, openBucket } from "../nats/mod.ts";
import type { DocumentChange, Documents } from "./document_api.ts";
import { DocumentWrites } from "./document_writes.ts";
import {
  type ChangeKind,
  matches,
  type StoredDoc,
  type Subscribers,
  type WriteConditions,
} from "./documents.ts";
import { DocumentTooLarge, PreconditionFailed, WriteConflict } from "./errors.ts";
import type { Json } from "./merge_patch.ts";

/** The bucket. */
export const STORE_BUCKET = "denofn_store";
const MAX_TRIES = 100;

/** A stored value (one revision of a key). */
export interface StoredValue {
  v: number;
  t: number;
  d: Json | null;
  k: ChangeKind;
  b?: Json | null;
}

/** The key of a document. */
export function docKey(collection: string, id: string): string {
  return `${collection}.${
    id.replace(/[^A-Za-z0-9_-]/g, (c) => `=${c.charCodeAt(0).toString(16)}`)
  }`;
}

/** The document id of a key's id part. */
export function docIdOf(encoded: string): string {
  return encoded.replace(/=([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Documents on JetStream; see the module doc. */
export class JsDocumentStore extends DocumentWrites implements Documents {
  private constructor(
    readonly kv: KV,
    private readonly subscribers: Subscribers,
    readonly maxDocBytes: number,
  ) {
    super();
  }

  /** Opens (or creates) the bucket. */
  static async open(nats: Nats, subscribers: Subscribers, maxDocBytes: number) {
    const kv = await openBucket(nats, STORE_BUCKET, {
      history: 64,
      description: "denofn store documents; its stream feeds the store triggers",
    });
    return new JsDocumentStore(kv, subscribers, maxDocBytes);
  }

  async get(collection: string, id: string): Promise<StoredDoc | undefined> {
    const value = await this.#read(docKey(collection, id));
    return value?.value ? toDoc(id, value.value) : undefined;
  }

  async list(collection: string, options: { prefix?: string; limit: number; cursor?: string }) {
    const prefix = options.prefix ?? "";
    const found = new Set<string>(); // a key written while they are listed comes twice
    for await (const key of await this.kv.keys(`${collection}.>`)) {
      const id = docIdOf(key.slice(collection.length + 1));
      if (id.startsWith(prefix) && (!options.cursor || id > options.cursor)) found.add(id);
    }
    const ids = [...found].sort();
    const items: StoredDoc[] = [];
    for (const id of ids) {
      if (items.length >= options.limit) break;
      const doc = await this.get(collection, id);
      if (doc) items.push(doc);
    }
    const last = items.at(-1)?.id;
    const more = items.length === options.limit && last !== undefined && last !== ids.at(-1);
    return { items, cursor: more ? last : null };
  }

  async #read(key: string) {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== "PUT") return undefined;
    const value = entry.json<StoredValue>();
    return { revision: entry.revision, value: value.d === null ? undefined : value, v: value.v };
  }

  protected async change(
    collection: string,
    id: string,
    when: WriteConditions,
    next: (current: StoredDoc | undefined) => Json | undefined,
  ): Promise<DocumentChange> {
    const key = docKey(collection, id);
    for (let i = 0; i < MAX_TRIES; i++) {
      const stored = await this.#read(key);
      const current = stored?.value ? toDoc(id, stored.value) : undefined;
      if (when.ifMatch !== undefined && !matches(when.ifMatch, current?.version)) {
        throw new PreconditionFailed(`If-Match ${when.ifMatch} does not match the document`);
      }
      if (when.ifNoneMatch !== undefined && matches(when.ifNoneMatch, current?.version)) {
        throw new PreconditionFailed(`If-None-Match ${when.ifNoneMatch}: the document exists`);
      }
      const data = next(current);
      const size = data === undefined ? 0 : new TextEncoder().encode(JSON.stringify(data)).length;
      if (size > this.maxDocBytes) throw new DocumentTooLarge(this.maxDocBytes);
      const kind: ChangeKind = !current ? "created" : data !== undefined ? "updated" : "deleted";
      const now = Date.now();
      const value: StoredValue = { v: (stored?.v ?? 0) + 1, t: now, d: data ?? null, k: kind };
      if (this.subscribers(collection).some((s) => s.on.includes(kind))) {
        value.b = current?.data ?? null;
      }
      try {
        if (stored) await this.kv.update(key, JSON.stringify(value), stored.revision);
        else await this.kv.create(key, JSON.stringify(value));
      } catch (e) {
        if (isRevisionConflict(e)) continue;
        throw e;
      }
      const doc = data === undefined ? undefined : { id, version: value.v, updatedAt: now, data };
      return { doc, kind };
    }
    throw new WriteConflict(collection, id);
  }
}

function toDoc(id: string, v: StoredValue): StoredDoc {
  return { id, version: v.v, updatedAt: v.t, data: v.d as Json };
}
