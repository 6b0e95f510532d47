/**
 * A function's `schedule`: a cron expression (5 fields, or 6 with seconds first), or
 * `{ "cron", "path", "method", "body" }`. Checked with croner, which drives it.
 */
import { Cron } from "croner";

/** A normalized schedule. */
export interface ScheduleSpec {
  cron: string;
  path: string;
  method: string;
  body?: string;
}

/** Why a cron expression is refused, or `undefined` when croner accepts it. */
export function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true, timezone: "UTC" }).stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Normalizes a manifest's `schedule` value. */
export function scheduleSpec(
  value: string | { cron: string; path?: string; method?: string; body?: string },
): ScheduleSpec {
  if (typeof value === "string") return { cron: value, path: "/", method: "POST" };
  return {
    cron: value.cron,
    path: value.path ?? "/",
    method: value.method ?? "POST",
    body: value.body,
  };
}
