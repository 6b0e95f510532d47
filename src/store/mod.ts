/**
 * The JSON datastore: documents in Deno KV with versions, merge patches and paging; triggers that
 * deliver each change to subscribed functions as async invocations, in order and once; and the
 * scoped access functions get through `permissions.store` (a token and a socket of their own).
 * @module
 */
export { grantsAllow, parseGrant, type StoreGrant, type StoreNeed } from "./access.ts";
export { adminAuthorize, functionAuthorize } from "./auth.ts";
export {
  type ChangeKind,
  type ChangeMessage,
  DocumentStore,
  etagOf,
  type StoredDoc,
  type Subscribers,
  type WriteConditions,
} from "./documents.ts";
export type { DocumentChange, DocumentPage, Documents } from "./document_api.ts";
export { type Json, mergePatch } from "./merge_patch.ts";
export { COLLECTION_PATTERN, DOC_ID_PATTERN, isCollection, isDocId } from "./names.ts";
export { type Authorize, createStoreApp, MAX_PAGE, type StoreRouteDeps } from "./routes.ts";
export { type SocketHandler, StoreSockets } from "./sockets.ts";
export { createStoreTokens, type StoreTokens } from "./tokens.ts";
export { TriggerDelivery, type TriggerDeps } from "./triggers.ts";
export { JsDocumentStore } from "./js_documents.ts";
export { type JsTriggerOptions, JsTriggers } from "./js_triggers.ts";
