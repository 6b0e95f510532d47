/**
 * The manifest's web fields: `auth` (who may call the function), `static` and `spa` (files served
 * by the gateway itself) and `cache` (their `Cache-Control`).
 */
import { z } from "zod";
import { envNameProblems, pathProblems } from "./values.ts";

/** A secret's name, as `auth` refers to it (a variable name). */
const secretName = z.string().superRefine((name, ctx) => {
  for (const p of envNameProblems(name)) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(name.slice(0, 80))} ${p}` });
  }
});

const AUTH_FORMS = '"none", {"type":"key"}, {"type":"shared-secret","secret":"<NAME>"} ' +
  'or {"type":"jwt","secret":"<NAME>"|"jwks":"<url>","audience"?,"issuer"?}';

/** `auth`: `"none"` (default), a function key, a shared secret, or a JWT. */
export const authSchema = z.union([
  z.literal("none"),
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("key") }),
    z.strictObject({ type: z.literal("shared-secret"), secret: secretName }),
    z.strictObject({
      type: z.literal("jwt"),
      secret: secretName.optional(),
      jwks: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(32)])
        .optional(),
      issuer: z.string().min(1).max(512).optional(),
    }).refine((a) => (a.secret === undefined) !== (a.jwks === undefined), {
      message: 'a jwt auth needs exactly one of "secret" and "jwks"',
    }),
  ]),
], { error: `must be ${AUTH_FORMS}` });

/** `static`: a folder of the function, relative, that stays inside it. */
export const staticSchema = z.string().superRefine((value, ctx) => {
  for (const p of pathProblems(value)) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} ${p}` });
  }
});

/** `spa`: `true`, or `{ "apiPrefix": "/api" }` whose paths go to the handler. */
export const spaSchema = z.union([
  z.boolean(),
  z.strictObject({
    apiPrefix: z.string().regex(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, {
      message: 'must be a path such as "/api" (no trailing slash)',
    }),
  }),
], { error: 'must be true, false or {"apiPrefix": "/api"}' });

/** `cache`: `Cache-Control` of static files. */
export const cacheSchema = z.strictObject({
  /** `max-age` in seconds (0: revalidate each time, the default). */
  maxAge: z.number().int().min(0).max(31_536_000),
  /** Adds `immutable` (for fingerprinted assets). */
  immutable: z.boolean().default(false),
});
