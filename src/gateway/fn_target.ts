/**
 * The parts of a request URL the function route needs, without `new URL` when the URL is already
 * in the form `new URL` would give: `http(s)://<host>/<path>[?<query>]` with a lowercase host
 * name or dotted IPv4, no default port, and nothing a URL parser would encode, decode or
 * resolve. A scan of char codes, no regular expression (those cost more than the parser). Any
 * other URL goes through `new URL`, so the result is always the same.
 */

/** What {@link parseTarget} gives: the fields of `URL` of the same names. */
export interface Target {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
}

/**
 * The protocol, host, path and query of `url`, equal to those of `new URL(url)`.
 * @example parseTarget("http://127.0.0.1:8000/fn/hello/a?b=1").pathname // "/fn/hello/a"
 */
export function parseTarget(url: string): Target {
  const https = url.startsWith("https://");
  const hostStart = https ? 8 : url.startsWith("http://") ? 7 : -1;
  const pathStart = hostStart < 0 ? -1 : url.indexOf("/", hostStart);
  if (pathStart > hostStart && plainHost(url, hostStart, pathStart, https)) {
    const query = url.indexOf("?", pathStart);
    const pathEnd = query < 0 ? url.length : query;
    if (plainPath(url, pathStart, pathEnd) && (query < 0 || plainQuery(url, query + 1))) {
      return {
        protocol: https ? "https:" : "http:",
        host: url.slice(hostStart, pathStart),
        pathname: url.slice(pathStart, pathEnd),
        search: query < 0 || query === url.length - 1 ? "" : url.slice(query),
      };
    }
  }
  const u = new URL(url);
  return { protocol: u.protocol, host: u.host, pathname: u.pathname, search: u.search };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;

/**
 * A host `new URL` leaves as it is: labels of `[a-z0-9-]` whose last starts with a letter
 * (no `xn--`), or a dotted quad without leading zeros; then no port or a non-default one.
 */
function plainHost(s: string, start: number, end: number, https: boolean): boolean {
  const colon = s.indexOf(":", start);
  const nameEnd = colon >= 0 && colon < end ? colon : end;
  if (nameEnd < end && !plainPort(s, nameEnd + 1, end, https)) return false;
  let labelStart = start;
  let labels = 0;
  let numeric = true; // every label so far is a number of 0..255 without a leading zero
  for (let i = start; i <= nameEnd; i++) {
    const c = i === nameEnd ? 46 : s.charCodeAt(i);
    if (c === 46) { // "."
      const len = i - labelStart;
      if (len === 0) return false;
      if (numeric) {
        const first = s.charCodeAt(labelStart);
        numeric = len <= 3 && !(first === 48 && len > 1) && digitsValue(s, labelStart, i) <= 255;
      }
      if (s.startsWith("xn--", labelStart)) return false;
      labels++;
      if (i < nameEnd) labelStart = i + 1;
      continue;
    }
    if (isDigit(c)) continue;
    if (!isLower(c) && c !== 45) return false;
    numeric = false;
  }
  if (numeric) return labels === 4;
  return isLower(s.charCodeAt(labelStart)); // a last label of digits is read as an IPv4 part
}

function plainPort(s: string, start: number, end: number, https: boolean): boolean {
  if (start === end || s.charCodeAt(start) === 48 || end - start > 5) return false;
  for (let i = start; i < end; i++) if (!isDigit(s.charCodeAt(i))) return false;
  const port = digitsValue(s, start, end);
  return port <= 65535 && port !== (https ? 443 : 80);
}

/** The value of the decimal digits (checked by the caller) from `start` to `end`. */
function digitsValue(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** No character the path percent-encode set holds, no `\`, no (even encoded) dot segment. */
function plainPath(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
    switch (c) {
      case 34: // "
      case 35: // #
      case 60: // <
      case 62: // >
      case 92: // \
      case 94: // ^
      case 96: // `
      case 123: // {
      case 125: // }
        return false;
      case 46: // "." right after "/"
        if (s.charCodeAt(i - 1) === 47) return false;
        break;
      case 37: // "%2e"
        if (s.charCodeAt(i + 1) === 50 && (s.charCodeAt(i + 2) | 32) === 101) return false;
    }
  }
  return true;
}

/** No character the special-query percent-encode set holds, no fragment. */
function plainQuery(s: string, start: number): boolean {
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127 || c === 34 || c === 35 || c === 39 || c === 60 || c === 62) {
      return false;
    }
  }
  return true;
}

/**
 * The path and query of an origin-form request target (`/a/b?q` as a client sent it), when
 * `new URL` would keep them as they are; undefined for any target it would rewrite (dot
 * segments, characters it encodes), which then takes the way through `Deno.serve`.
 * @example plainOriginTarget("/fn/hello/a?b=1") // { pathname: "/fn/hello/a", search: "?b=1" }
 */
export function plainOriginTarget(target: string): Pick<Target, "pathname" | "search"> | undefined {
  if (target.charCodeAt(0) !== 47) return undefined;
  const query = target.indexOf("?");
  const pathEnd = query < 0 ? target.length : query;
  if (!plainPath(target, 0, pathEnd) || (query >= 0 && !plainQuery(target, query + 1))) {
    return undefined;
  }
  return {
    pathname: target.slice(0, pathEnd),
    search: query < 0 || query === target.length - 1 ? "" : target.slice(query),
  };
}
