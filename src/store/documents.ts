/**
 * JSON documents in Deno KV. Each document has a version that grows by one with every change and
 * survives its deletion (a re-created document goes on counting), so `ETag: "<version>"` never
 * repeats. A change and the trigger messages it causes commit together: no change is delivered
 * that did not happen, and none that happened is lost.
 *
 * Keys: `store/doc/<collection>/<id>` the document, `store/seq/<collection>/<id>` its version and
 * per-subscriber delivery counters, `store/ev/<collection>/<id>/<version>/{before,after}` the
 * sides of a change that a trigger will deliver (kept for a week).
 */
import type { KvQueue } from "../async/mod.ts";
import { DocumentWrites } from "./document_writes.ts";
import type { Json } from "./merge_patch.ts";
import { DocumentTooLarge, PreconditionFailed, WriteConflict } from "./errors.ts";

/** A stored document. */
export interface StoredDoc {
  id: string;
  version: number;
  updatedAt: number;
  data: Json;
}

/** A change event kind. */
export type ChangeKind = "created" | "updated" | "deleted";

/** Functions to notify of a change: name and the kinds they asked for. */
export type Subscribers = (collection: string) => { fn: string; on: readonly ChangeKind[] }[];

/** Conditions of a write. */
export interface WriteConditions {
  /** `If-Match`: the version the document must have (`*`: it must exist). */
  ifMatch?: string;
  /** `If-None-Match: *`: the document must not exist. */
  ifNoneMatch?: string;
}

interface DocValue {
  v: number;
  t: number;
  d: Uint8Array;
}

interface SeqValue {
  v: number;
  n: Record<string, number>;
}

/** The message that delivers one change to one subscriber. */
export interface ChangeMessage {
  k: "store:change";
  fn: string;
  c: string;
  id: string;
  v: number;
  n: number;
  e: ChangeKind;
  [field: string]: unknown;
}

const DOC = ["store", "doc"];
const SEQ = ["store", "seq"];
const EV = ["store", "ev"];
const EVENT_TTL_MS = 7 * 86_400_000;
const MAX_TRIES = 100;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The `ETag` of a version. */
export const etagOf = (version: number) => `"${version}"`;

/** Whether an `If-Match` / `If-None-Match` header matches a document's version. */
export function matches(header: string, version: number | undefined): boolean {
  return header.split(",").map((s) => s.trim().replace(/^W\//, "")).some((tag) =>
    tag === "*" ? version !== undefined : tag === etagOf(version ?? -1)
  );
}

/** The document store. */
export class DocumentStore extends DocumentWrites {
  constructor(
    private readonly queue: KvQueue,
    private readonly subscribers: Subscribers,
    /** Largest document, bytes of JSON. */
    readonly maxDocBytes: number,
  ) {
    super();
  }

  get #kv(): Deno.Kv {
    return this.queue.kv;
  }

  /** One document, or `undefined`. */
  async get(collection: string, id: string): Promise<StoredDoc | undefined> {
    const e = await this.#kv.get<DocValue>([...DOC, collection, id]);
    return e.value ? toDoc(id, e.value) : undefined;
  }

  /** Documents whose id starts with `prefix`, in id order, a page at a time. */
  async list(collection: string, options: { prefix?: string; limit: number; cursor?: string }) {
    const prefix = options.prefix ?? "";
    const selector = prefix
      ? { start: [...DOC, collection, prefix], end: [...DOC, collection, prefix + "\u{10ffff}"] }
      : { prefix: [...DOC, collection] };
    const iter = this.#kv.list<DocValue>(selector, {
      limit: options.limit,
      cursor: options.cursor,
    });
    const items: StoredDoc[] = [];
    for await (const e of iter) items.push(toDoc(String(e.key[3]), e.value));
    const cursor = items.length === options.limit ? iter.cursor : null;
    return { items, cursor: cursor || null };
  }

  /** The sides of a change kept for its trigger deliveries. */
  async changeSides(collection: string, id: string, version: number) {
    const [before, after] = await this.#kv.getMany<Uint8Array[]>([
      [...EV, collection, id, version, "before"],
      [...EV, collection, id, version, "after"],
    ]);
    const parse = (v: Uint8Array | null) => (v ? JSON.parse(decoder.decode(v)) as Json : null);
    return { before: parse(before.value), after: parse(after.value) };
  }

  /** Checks a document's size (413 over the limit) and returns its bytes. */
  encode(data: Json): Uint8Array {
    const bytes = encoder.encode(JSON.stringify(data));
    if (bytes.byteLength > this.maxDocBytes) throw new DocumentTooLarge(this.maxDocBytes);
    return bytes;
  }

  protected async change(
    collection: string,
    id: string,
    when: WriteConditions,
    next: (current: StoredDoc | undefined) => Json | undefined,
  ): Promise<{ doc: StoredDoc | undefined; kind: ChangeKind }> {
    const docKey = [...DOC, collection, id];
    const seqKey = [...SEQ, collection, id];
    for (let i = 0; i < MAX_TRIES; i++) {
      const [docEntry, seqEntry] = await this.#kv.getMany<[DocValue, SeqValue]>([docKey, seqKey]);
      const current = docEntry.value ? toDoc(id, docEntry.value) : undefined;
      if (when.ifMatch !== undefined && !matches(when.ifMatch, current?.version)) {
        throw new PreconditionFailed(`If-Match ${when.ifMatch} does not match the document`);
      }
      if (when.ifNoneMatch !== undefined && matches(when.ifNoneMatch, current?.version)) {
        throw new PreconditionFailed(`If-None-Match ${when.ifNoneMatch}: the document exists`);
      }
      const data = next(current);
      const bytes = data === undefined ? undefined : this.encode(data);
      const kind: ChangeKind = !current ? "created" : bytes ? "updated" : "deleted";
      const now = Date.now();
      const seq: SeqValue = { v: (seqEntry.value?.v ?? 0) + 1, n: { ...seqEntry.value?.n } };
      const op = this.#kv.atomic().check(docEntry).check(seqEntry);
      if (bytes) op.set(docKey, { v: seq.v, t: now, d: bytes });
      else op.delete(docKey);
      const subs = this.subscribers(collection).filter((s) => s.on.includes(kind));
      if (subs.length) {
        const sides = [...EV, collection, id, seq.v];
        if (docEntry.value) {
          op.set([...sides, "before"], docEntry.value.d, { expireIn: EVENT_TTL_MS });
        }
        if (bytes) op.set([...sides, "after"], bytes, { expireIn: EVENT_TTL_MS });
        for (const { fn } of subs) {
          seq.n[fn] = (seq.n[fn] ?? 0) + 1;
          const message: ChangeMessage = {
            k: "store:change",
            fn,
            c: collection,
            id,
            v: seq.v,
            n: seq.n[fn],
            e: kind,
          };
          this.queue.add(op, message);
        }
      }
      op.set(seqKey, seq);
      if ((await op.commit()).ok) {
        const doc = data === undefined ? undefined : { id, version: seq.v, updatedAt: now, data };
        return { doc, kind };
      }
    }
    throw new WriteConflict(collection, id);
  }
}

function toDoc(id: string, v: DocValue): StoredDoc {
  return { id, version: v.v, updatedAt: v.t, data: JSON.parse(decoder.decode(v.d)) };
}
