/**
 * What the direct lane writes back to a client: status lines and headers, bodies of unknown
 * length as chunks, and the contract's JSON error answers.
 * @module
 */
import { headBytes } from "../../runtime/mod.ts";
import type { ErrorAnswer } from "../app.ts";

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  499: "Client Closed Request",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
const encoder = new TextEncoder();

/** `HTTP/1.1 <status> <reason>` and its line break. */
export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? ""}\r\n`;
}

let dateSecond = 0;
let dateText = "";

/** The `date` header line, made once per second. */
export function dateLine(): string {
  const now = Date.now();
  const second = now - (now % 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = `date: ${new Date(second).toUTCString()}\r\n`;
  }
  return dateText;
}

/** The end of a chunked body. */
export const LAST_CHUNK: Uint8Array = encoder.encode("0\r\n\r\n");

/** One chunk of a body sent with `transfer-encoding: chunked`. */
export function chunkBytes(data: Uint8Array): Uint8Array {
  const size = encoder.encode(`${data.length.toString(16)}\r\n`);
  const out = new Uint8Array(size.length + data.length + 2);
  out.set(size);
  out.set(data, size.length);
  out[out.length - 2] = 13;
  out[out.length - 1] = 10;
  return out;
}

/** A whole error answer of the gateway's contract (JSON body), ready to write. */
export function errorBytes(a: ErrorAnswer): Uint8Array {
  const body = encoder.encode(JSON.stringify(a.body));
  let head = `${statusLine(a.status)}content-type: application/json\r\n`;
  for (const name in a.headers) head += `${name}: ${a.headers[name]}\r\n`;
  head += `content-length: ${body.length}\r\n${dateLine()}\r\n`;
  return headBytes(head, body);
}
