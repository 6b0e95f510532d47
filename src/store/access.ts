/**
 * Who may use which collection. A manifest's `permissions.store` becomes grants such as `todos`
 * (read and write) or `todos:read`; the admin token may use every collection.
 */

/** What a request needs of a collection. */
export type StoreNeed = "read" | "write";

/** One parsed grant. */
export interface StoreGrant {
  collection: string;
  mode: "read" | "readwrite";
}

/** Parses a normalized grant (`todos`, `todos:read`). */
export function parseGrant(grant: string): StoreGrant {
  const [collection, mode] = grant.split(":");
  return { collection, mode: mode === "read" ? "read" : "readwrite" };
}

/** Whether `grants` allow `need` on `collection`. */
export function grantsAllow(grants: readonly string[], collection: string, need: StoreNeed) {
  return grants.map(parseGrant).some((g) =>
    g.collection === collection && (need === "read" || g.mode === "readwrite")
  );
}
