/** The forms a status filter may take: `500`, `5xx`, `ok` (< 400) or `error` (>= 400). */
export const STATUS_FILTER_PATTERN: RegExp = /^([1-5][0-9][0-9]|[1-5]xx|ok|error)$/;

/** Whether HTTP `status` matches `filter` (see {@link STATUS_FILTER_PATTERN}). */
export function matchesStatus(filter: string, status: number): boolean {
  if (filter === "ok") return status < 400;
  if (filter === "error") return status >= 400;
  if (filter.endsWith("xx")) return Math.floor(status / 100) === Number(filter[0]);
  return status === Number(filter);
}
