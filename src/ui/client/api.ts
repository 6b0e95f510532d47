/**
 * The client's way to the platform: `/ui/api/...` (the UI's forwarder to the admin API) with the
 * session's CSRF token on every state-changing request. A 401 sends the browser to the login.
 */

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";
}

/** The session's CSRF token and who is logged in (from the shell page). */
export const session = { csrf: meta("denofn-csrf"), who: meta("denofn-who") };

/** An error answer of the admin API (`{ error, code }`). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

/** Sends the browser to the login page (keeping where it was). */
export function toLogin(): never {
  const next = location.pathname + location.search;
  location.assign(`/ui/login?next=${encodeURIComponent(next)}`);
  throw new ApiError(401, "Logged out");
}

/** A request to `/ui/api<path>`; throws {@link ApiError} on an error status (but 422). */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = init.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") headers.set("x-denofn-csrf", session.csrf);
  const res = await fetch(`/ui/api${path}`, { ...init, headers, credentials: "same-origin" });
  if (res.status === 401) toLogin();
  if (!res.ok && res.status !== 422) {
    const body = await res.json().catch(() => ({})) as { error?: string; code?: string };
    throw new ApiError(
      res.status,
      body.error ?? `${method} ${path} answered ${res.status}`,
      body.code,
    );
  }
  return res;
}

/** GETs JSON. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return await (await call(path, { signal })).json() as T;
}

/** Sends a JSON-answering request (POST/DELETE/PUT) and reads the answer. */
export async function send<T>(
  method: string,
  path: string,
  body?: BodyInit,
  type?: string,
): Promise<{ status: number; body: T }> {
  const res = await call(path, {
    method,
    body,
    headers: type ? { "content-type": type } : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => ({})) as T };
}

/** One Server-Sent Event. */
export interface ServerEvent {
  event: string;
  data: string;
}

/** Parses Server-Sent Events from a byte stream (fetch lets the request carry our headers). */
export async function* parseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const reader = body.pipeThrough(decoder).getReader();
  let buffer = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
        let event = "message";
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) yield { event, data: data.join("\n") };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Follows an SSE route of the admin API until `signal` aborts. */
export async function* events(path: string, signal: AbortSignal): AsyncGenerator<ServerEvent> {
  const res = await call(path, { signal, headers: { accept: "text/event-stream" } });
  if (!res.body) return;
  yield* parseEvents(res.body);
}
