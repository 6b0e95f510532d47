/**
 * Checks a request's path as the client sent it, before any URL parser normalizes it: `new URL`
 * resolves `/fn/a/../../b` (and `%2e%2e`, and `\` as `/`) into `/fn/b`, so a route that looked
 * at the parsed path would call another function than the one the raw path names.
 */

const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const ENCODED_SLASH = /%(?:2f|5c)/i;
const FUNCTION_PREFIXES = ["/fn/", "/async/fn/", "/functions/v1/"];

/** The path of a request target: `/a/b` of `/a/b?q`, and of `http://host/a/b?q`. */
export function targetPath(target: string): string {
  let start = 0;
  if (!target.startsWith("/")) {
    const authority = target.indexOf("//");
    start = authority < 0 ? 0 : target.indexOf("/", authority + 2);
    if (start < 0) return "/";
  }
  let end = target.length;
  const query = target.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = target.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  return target.slice(start, end);
}

/**
 * Why a raw path must be refused (400), or undefined. Refused anywhere: a `.` or `..` segment,
 * also percent-encoded, and a backslash. Refused under the function routes (`/fn/`, `/async/fn/`,
 * `/functions/v1/`): an encoded `/` or `\` (`%2f`, `%5c`), which a later decode would turn into
 * a separator.
 * @example rawPathProblem("/fn/a/../b") // 'path "/fn/a/../b" has a "." or ".." segment ...'
 */
export function rawPathProblem(path: string): string | undefined {
  if (path.indexOf(".") < 0 && path.indexOf("%") < 0 && path.indexOf("\\") < 0) return undefined;
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}...` : path);
  if (path.includes("\\")) return `path ${shown} contains a backslash`;
  if (DOT_SEGMENT.test(path)) {
    return `path ${shown} has a "." or ".." segment (also when percent-encoded); ` +
      "send the path without dot segments";
  }
  if (FUNCTION_PREFIXES.some((p) => path.startsWith(p)) && ENCODED_SLASH.test(path)) {
    return `path ${shown} has an encoded "/" or "\\" (%2f, %5c), which a function path may not hold`;
  }
  return undefined;
}
