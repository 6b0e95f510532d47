/** The writes both document stores (Deno KV and JetStream) build on their own `change`. */
import type { DocumentChange } from "./document_api.ts";
import type { StoredDoc, WriteConditions } from "./documents.ts";
import { DocumentNotFound } from "./errors.ts";
import { type Json, mergePatch } from "./merge_patch.ts";

/** The update of a merge patch: the patched data of the document, which must exist. */
export function patched(collection: string, id: string, patch: Json) {
  return (current: StoredDoc | undefined): Json => {
    if (!current) throw new DocumentNotFound(collection, id);
    return mergePatch(current.data, patch);
  };
}

/** The update of a delete: no data, and the document must exist. */
export function removed(collection: string, id: string) {
  return (current: StoredDoc | undefined): undefined => {
    if (!current) throw new DocumentNotFound(collection, id);
  };
}

/** Put, patch and delete, as one conditional `change` of a document each. */
export abstract class DocumentWrites {
  /** Writes `next(current)` (`undefined`: deletes) if `when` holds for the current document. */
  protected abstract change(
    collection: string,
    id: string,
    when: WriteConditions,
    next: (current: StoredDoc | undefined) => Json | undefined,
  ): Promise<DocumentChange>;

  /** Creates or replaces a document. */
  put(collection: string, id: string, data: Json, when: WriteConditions = {}) {
    return this.change(collection, id, when, () => data);
  }

  /** Applies a JSON merge patch to an existing document. */
  patch(collection: string, id: string, patch: Json, when: WriteConditions = {}) {
    return this.change(collection, id, when, patched(collection, id, patch));
  }

  /** Deletes a document. */
  delete(collection: string, id: string, when: WriteConditions = {}) {
    return this.change(collection, id, when, removed(collection, id));
  }
}
