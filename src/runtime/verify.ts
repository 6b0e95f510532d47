/**
 * Runs a manifest's `test` against a fresh instance of a staged build, before any traffic moves
 * to it: the registry promotes the build only when this answers `undefined` (passed).
 */
import type { FunctionLogSink } from "../observe/types.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { runStdinCall } from "./stdin_mode.ts";
import type { InstanceStarter } from "./types.ts";

/** What the verifier needs. */
export interface VerifierOptions {
  starterFor: (record: FunctionRecord) => InstanceStarter;
  registryDir: string;
  logs: FunctionLogSink;
  readyTimeoutMs: (record: FunctionRecord) => number;
}

let runs = 0;

/** Creates the registry's `verify` callback. */
export function createVerifier(options: VerifierOptions) {
  return async (record: FunctionRecord): Promise<string | undefined> => {
    const manifest = record.manifest!;
    const test = manifest.test!;
    const requestId = `test-${record.hash.slice(0, 8)}-${++runs}`;
    let res: Response;
    try {
      res = manifest.mode === "stdin"
        ? await runStdinCall({
          record,
          registryDir: options.registryDir,
          requestId,
          method: test.request.method,
          path: test.request.path.split("?")[0],
          query: test.request.path.split("?")[1] ?? "",
          body: test.request.body === undefined ? null : new Blob([test.request.body]).stream(),
          logs: options.logs,
        })
        : await callInstance(options, record, requestId);
    } catch (error) {
      return `test request failed: ${(error as Error).message}`;
    }
    return check(res, test.expect);
  };
}

async function callInstance(
  options: VerifierOptions,
  record: FunctionRecord,
  id: string,
): Promise<Response> {
  const { request } = record.manifest!.test!;
  const body = request.body === undefined ? null : new TextEncoder().encode(request.body);
  const headers = new Headers(request.headers);
  if (body) headers.set("content-length", String(body.length));
  const abort = new AbortController();
  const instance = await options.starterFor(record).start(record, id, {
    signal: abort.signal,
    readyTimeoutMs: options.readyTimeoutMs(record),
    logs: options.logs,
    currentRequestId: () => id,
  });
  try {
    const url = new URL(request.path, "http://localhost"); // percent-encodes what must be
    const res = await instance.send({
      method: request.method,
      path: url.pathname + url.search,
      headers,
      set: { "x-request-id": id, "x-forwarded-prefix": `/fn/${record.name}` },
      body: body && new Blob([body]).stream(),
      signal: AbortSignal.timeout(record.manifest!.timeoutMs),
    });
    return new Response(await res.arrayBuffer(), res);
  } finally {
    await instance.stop("test finished");
  }
}

async function check(
  res: Response,
  expect: { status: number; bodyContains?: string; headers: Record<string, string> },
): Promise<string | undefined> {
  const body = await res.text();
  const excerpt = body.length > 200 ? `${body.slice(0, 200)}…` : body;
  if (res.status !== expect.status) {
    return `expected status ${expect.status}, got ${res.status}: ${excerpt}`;
  }
  if (expect.bodyContains !== undefined && !body.includes(expect.bodyContains)) {
    return `expected the body to contain ${JSON.stringify(expect.bodyContains)}, got: ${excerpt}`;
  }
  for (const [name, value] of Object.entries(expect.headers)) {
    const got = res.headers.get(name);
    if (got === null || !got.includes(value)) {
      return `expected header ${name} to contain ${JSON.stringify(value)}, got ${got}`;
    }
  }
  return undefined;
}
