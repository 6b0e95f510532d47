/**
 * The request heads the edge's direct lane takes, read from the bytes the edge's framing passed
 * on: an HTTP/1.1 request line and plain header lines, and none of what the lane leaves to
 * `Deno.serve` (`Expect`, `Upgrade`, a transfer coding, `Connection: close`, control characters,
 * no `Host`).
 * @module
 */
import { type HeaderSource, latin1Decode } from "../../runtime/mod.ts";

/** Methods the lane forwards; any other goes through `Deno.serve`. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Headers whose handling the lane leaves to `Deno.serve`. */
const DECLINED = new Set(["expect", "upgrade", "transfer-encoding"]);
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n/;
const CLOSE_OR_UPGRADE = /close|upgrade/i;

/** One request head the lane took: its line's parts and its header lines, names in lowercase. */
export class LaneRequest implements HeaderSource {
  constructor(
    readonly method: string,
    /** The request target as sent (origin form, not decoded). */
    readonly target: string,
    readonly pairs: [string, string][],
    readonly contentLength: number,
  ) {}

  /** The value of header `name` (repeats joined with `, `), or null. */
  get(name: string): string | null {
    let value: string | null = null;
    for (const [n, v] of this.pairs) {
      if (n === name) value = value === null ? v : `${value}, ${v}`;
    }
    return value;
  }

  has(name: string): boolean {
    for (const [n] of this.pairs) if (n === name) return true;
    return false;
  }

  forEach(each: (value: string, name: string) => void): void {
    for (const [n, v] of this.pairs) each(v, n);
  }
}

/** Trims the blanks (space, tab) HTTP allows around a header value. */
function trimBlanks(s: string, from: number, to: number): string {
  while (from < to && (s.charCodeAt(from) === 32 || s.charCodeAt(from) === 9)) from++;
  while (to > from && (s.charCodeAt(to - 1) === 32 || s.charCodeAt(to - 1) === 9)) to--;
  return s.slice(from, to);
}

/**
 * Reads a complete request head (ending with its blank line, as the edge's framing checked it),
 * or undefined when the lane should leave the request to `Deno.serve`.
 */
export function parseLaneRequest(head: Uint8Array): LaneRequest | undefined {
  const text = latin1Decode(head);
  if (UNSAFE.test(text)) return undefined;
  const lineEnd = text.indexOf("\r\n");
  const sp1 = text.indexOf(" ");
  const sp2 = text.lastIndexOf(" ", lineEnd);
  if (sp1 <= 0 || sp2 <= sp1 || !text.startsWith(" HTTP/1.1\r\n", sp2)) return undefined;
  const method = text.slice(0, sp1);
  if (!METHODS.has(method)) return undefined;
  const pairs: [string, string][] = [];
  let contentLength = 0;
  let host = false;
  for (let at = lineEnd + 2;;) {
    const end = text.indexOf("\r\n", at);
    if (end <= at) break;
    const colon = text.indexOf(":", at);
    if (colon <= at || colon > end) return undefined;
    const name = text.slice(at, colon).toLowerCase();
    const value = trimBlanks(text, colon + 1, end);
    if (DECLINED.has(name)) return undefined;
    if (name === "content-length") contentLength = Number(value);
    else if (name === "host") host = true;
    else if (name === "connection" && CLOSE_OR_UPGRADE.test(value)) return undefined;
    pairs.push([name, value]);
    at = end + 2;
  }
  if (!host || !Number.isSafeInteger(contentLength)) return undefined;
  return new LaneRequest(method, text.slice(sp1 + 1, sp2), pairs, contentLength);
}
