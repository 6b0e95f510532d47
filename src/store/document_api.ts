/**
 * What the store's routes ask of a document store: the embedded {@link DocumentStore} (Deno KV)
 * and the JetStream one (`js_documents.ts`) both answer it.
 */
import type { Json } from "./merge_patch.ts";
import type { ChangeKind, StoredDoc, WriteConditions } from "./documents.ts";

/** A page of documents and the cursor of the next one (`null`: the last page). */
export interface DocumentPage {
  items: StoredDoc[];
  cursor: string | null;
}

/** A change that was made. */
export interface DocumentChange {
  doc: StoredDoc | undefined;
  kind: ChangeKind;
}

/** JSON documents with versions (see `documents.ts` for the rules both stores keep). */
export interface Documents {
  /** Largest document, bytes of JSON. */
  readonly maxDocBytes: number;
  get(collection: string, id: string): Promise<StoredDoc | undefined>;
  /** Documents whose id starts with `prefix`, in id order, a page at a time. */
  list(
    collection: string,
    options: { prefix?: string; limit: number; cursor?: string },
  ): Promise<DocumentPage>;
  put(collection: string, id: string, data: Json, when?: WriteConditions): Promise<DocumentChange>;
  patch(
    collection: string,
    id: string,
    patch: Json,
    when?: WriteConditions,
  ): Promise<DocumentChange>;
  delete(collection: string, id: string, when?: WriteConditions): Promise<DocumentChange>;
}
