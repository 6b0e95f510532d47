/** zod schemas of the admin API's path and query parameters. */
import { z } from "zod";
import { FUNCTION_NAME_PATTERN } from "../manifest/mod.ts";
import { STATUS_FILTER_PATTERN } from "../observe/mod.ts";
import { InvalidInput } from "./errors.ts";

/** A function name. */
export const nameSchema = z.string().regex(FUNCTION_NAME_PATTERN, {
  message: "must match ^[a-z0-9][a-z0-9_-]{0,62}$",
});

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A point in time: epoch ms, an ISO date, or an age such as `30s`, `5m`, `2h`, `1d` (counted
 * back from now). Becomes epoch ms.
 */
export const sinceSchema = z.string().transform((s, ctx) => {
  const age = /^(\d+)(ms|s|m|h|d)$/.exec(s);
  if (age) return Date.now() - Number(age[1]) * UNITS[age[2]];
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: "custom", message: "must be epoch ms, an ISO date or an age like 5m" });
    return z.NEVER;
  }
  return t;
});

const limit = (max: number) => z.coerce.number().int().min(1).max(max);
const flag = z.enum(["1", "true", "0", "false", ""]).transform((v) => v === "1" || v === "true");

/** Query of `GET /functions/<name>/logs`. */
export const logsQuerySchema = z.strictObject({
  since: sinceSchema.optional(),
  limit: limit(10_000).default(100),
  request: z.string().min(1).max(200).optional(),
  follow: flag.default(false),
});

/** Query of `GET /history`. */
export const historyQuerySchema = z.strictObject({
  function: nameSchema.optional(),
  status: z.string().regex(STATUS_FILTER_PATTERN, {
    message: "must be a status (500), a class (5xx), ok or error",
  }).optional(),
  limit: limit(10_000).default(50),
});

/** Query of `PUT /functions/<name>`. */
export const deployQuerySchema = z.strictObject({
  strip: z.coerce.number().int().min(0).max(8).default(0),
});

/** Parses `input` or throws {@link InvalidInput} naming each bad parameter. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new InvalidInput(
    r.error.issues.map((i) =>
      i.code === "unrecognized_keys"
        ? `unknown parameter ${i.keys.map((k) => `"${k}"`).join(", ")}`
        : `${i.path.join(".") || "input"}: ${i.message}`
    ).join("; "),
  );
}
