/** Names in the store: collections are like function names, document ids a little wider. */

/** A collection name. */
export const COLLECTION_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A document id: letters, digits and `_.:-`, not starting with a dot (1–128 characters). */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_:-][A-Za-z0-9_.:-]{0,127}$/;

/** Whether `name` is a valid collection name. */
export function isCollection(name: string): boolean {
  return COLLECTION_PATTERN.test(name);
}

/** Whether `id` is a valid document id. */
export function isDocId(id: string): boolean {
  return DOC_ID_PATTERN.test(id);
}
