/**
 * The manifest fields of async work, schedules and the store: `async`, `schedule`, `triggers` and
 * `permissions.store`. A trigger on a collection needs a store grant for it (a trigger hands the
 * function the documents, which is reading them).
 */
import { Cron } from "croner";
import { z } from "zod";
import { DEFAULT_ASYNC_SETTINGS } from "../async/settings.ts";

const COLLECTION = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const collection = z.string().regex(COLLECTION, {
  message: "must match ^[a-z0-9][a-z0-9_-]{0,62}$",
});

/** Most collections one function may be granted, and most triggers it may have. */
export const MAX_STORE_GRANTS = 32;

/**
 * `permissions.store`: `["todos"]` (read and write) or `{ "todos": "read" }`; normalized to a
 * list of `todos` (read-write) and `todos:read` entries.
 */
export const storeGrantsSchema = z.union([
  // `todos:read` in the list too: the normalized form must parse again (records are re-read).
  z.array(
    z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}(:read)?$/, {
      message: "must be a collection name, optionally followed by :read",
    }),
  ).max(MAX_STORE_GRANTS),
  z.record(collection, z.enum(["read", "readwrite", "write"])),
]).transform((value) =>
  Array.isArray(value)
    ? [...new Set(value)]
    : Object.entries(value).map(([c, mode]) => (mode === "read" ? `${c}:read` : c))
).refine((list) => list.length <= MAX_STORE_GRANTS, {
  message: `must grant at most ${MAX_STORE_GRANTS} collections`,
}).default([]);

/** `async`: retries, back-off, concurrency, queue bound and how long results are kept. */
export const asyncSchema = z.strictObject({
  retries: z.number().int().min(0).max(20).default(3),
  backoffMs: z.number().int().min(10).max(3_600_000).default(1_000),
  concurrency: z.number().int().min(1).max(1_000).default(4),
  maxQueued: z.number().int().min(1).max(1_000_000).default(10_000),
  resultTtlSec: z.number().int().min(1).max(30 * 86_400).default(86_400),
  taskTimeoutSec: z.number().int().min(1).max(30 * 86_400).default(3_600),
}).default({ ...DEFAULT_ASYNC_SETTINGS });

const cronExpression = z.string().max(200).superRefine((value, ctx) => {
  try {
    new Cron(value, { paused: true, timezone: "UTC" }).stop();
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `is not a cron expression: ${(error as Error).message}`,
    });
  }
});

/** `schedule`: a cron expression, or `{ cron, path, method, body }`. */
export const scheduleSchema = z.union([
  cronExpression,
  z.strictObject({
    cron: cronExpression,
    path: z.string().startsWith("/").max(2_048).optional(),
    method: z.string().regex(/^[A-Z]{1,16}$/).optional(),
    body: z.string().max(60_000).optional(),
  }),
]).optional();

/** `triggers`: store changes that invoke the function. */
export const triggersSchema = z.array(z.strictObject({
  store: collection,
  on: z.array(z.enum(["created", "updated", "deleted"])).min(1)
    .default(["created", "updated", "deleted"]),
})).max(MAX_STORE_GRANTS).default([]);

/** Problems across fields: each trigger's collection must be granted in `permissions.store`. */
export function asyncFieldProblems(
  m: { triggers: { store: string }[]; permissions: { store: string[] } },
): { path: (string | number)[]; message: string }[] {
  const granted = new Set(m.permissions.store.map((g) => g.split(":")[0]));
  return m.triggers.flatMap((t, i) =>
    granted.has(t.store) ? [] : [{
      path: ["triggers", i, "store"],
      message: `"${t.store}" needs a grant in permissions.store (a trigger reads the collection)`,
    }]
  );
}
