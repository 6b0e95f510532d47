/**
 * `mode: "stdin"`: one process per call. The request body goes to the function's stdin, its
 * stdout is the response body, exit code 0 → 200 and anything else → 500; stderr goes to the
 * function's log. The process gets no network at all. A bundle that default-exports a function
 * is called instead as `handler(input, environment)` by `child/stdin_runner.ts`, whose answer
 * becomes the response as in http mode (its console output goes to the log).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toFileUrl } from "../util/file_url.ts";
import { FunctionCrashed, FunctionTimedOut, PayloadTooLarge } from "../errors/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import { permissionFlags } from "./flags.ts";
import { childEnv } from "./process/deno_env.ts";
import { readLines } from "../util/lines.ts";
import { concatBytes } from "../util/bytes.ts";
import { type ProcessSandbox, spawnDeno } from "./process/sandbox.ts";

/** Request facts a stdin function can read from its environment (granted automatically). */
const REQUEST_ENV = [
  "DENOFN_METHOD",
  "DENOFN_PATH",
  "DENOFN_QUERY",
  "DENOFN_REQUEST_ID",
  "DENOFN_HEADERS",
  "DENOFN_FUNCTION",
];

const STDIN_RUNNER = fileURLToPath(new URL("./child/stdin_runner.ts", import.meta.url));

/** Whether a stdin-mode record is a handler module rather than a plain script. */
export function isStdinHandler(record: FunctionRecord): boolean {
  return record.exports?.includes("default") ?? false;
}

/** What one stdin call needs. */
export interface StdinCall {
  record: FunctionRecord;
  registryDir: string;
  requestId: string;
  method: string;
  path: string;
  query: string;
  body: ReadableStream<Uint8Array> | null;
  /** The caller's headers (a handler sees them; a plain script reads `DENOFN_HEADERS`). */
  headers?: Headers;
  logs: FunctionLogSink;
  signal?: AbortSignal;
  /** Runs the process as its function's unprivileged user (when the platform is root). */
  sandbox?: ProcessSandbox;
}

let calls = 0;

/** Runs one stdin-mode call to completion and returns its response. */
export async function runStdinCall(call: StdinCall): Promise<Response> {
  const { record, logs } = call;
  const manifest = record.manifest!;
  const instance = `${record.name}-call${++calls}`;
  const jail = await call.sandbox?.prepare(record, instance, {
    bundle: join(call.registryDir, record.bundle!),
  });
  const bundle = jail?.bundle ?? join(call.registryDir, record.bundle!);
  const flags = permissionFlags(manifest, { sourceDir: record.sourceDir, bundle });
  const envNames = Object.keys(manifest.env);
  const readable = new Set([...manifest.permissions.env, ...envNames, ...REQUEST_ENV]);
  const handler = isStdinHandler(record);
  const child = spawnDeno(
    jail,
    [
      "run",
      "--no-config",
      "--no-lock",
      ...flags.filter((f) => !f.startsWith("--allow-env")),
      `--allow-env=${[...readable].join(",")}`,
      ...(handler ? [STDIN_RUNNER, toFileUrl(bundle), JSON.stringify(envNames)] : [bundle]),
    ],
    record.sourceDir,
    {
      ...childEnv(manifest),
      ...jail?.env,
      DENOFN_METHOD: call.method,
      DENOFN_PATH: call.path,
      DENOFN_QUERY: call.query,
      DENOFN_REQUEST_ID: call.requestId,
      DENOFN_FUNCTION: record.name,
      DENOFN_HEADERS: JSON.stringify(Object.fromEntries(call.headers ?? [])),
    },
  );
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, manifest.timeoutMs);
  call.signal?.addEventListener("abort", kill, { once: true });
  const stderr = readLines(child.stderr, (line) =>
    logs.write({
      ts: Date.now(),
      fn: record.name,
      instance,
      stream: "stderr",
      line,
      requestId: call.requestId,
    }));
  const input = (call.body ?? new Blob([]).stream()).pipeTo(child.stdin).catch(() => {});
  const output = collect(child.stdout, manifest.maxBodyBytes, kill);
  const [status, out] = await Promise.all([child.status, output, input, stderr])
    .finally(() => jail?.cleanup());
  clearTimeout(timer);
  call.signal?.removeEventListener("abort", kill);
  if (timedOut) throw new FunctionTimedOut(record.name, manifest.timeoutMs);
  if (out === null) throw new PayloadTooLarge(record.name, manifest.maxBodyBytes);
  if (status.signal) {
    throw new FunctionCrashed(record.name, `"${record.name}" was killed by ${status.signal}`);
  }
  if (handler && status.code === 0) return handlerAnswer(out);
  return new Response(out, {
    status: status.code === 0 ? 200 : 500,
    headers: { "content-type": "text/plain; charset=utf-8", "x-exit-code": String(status.code) },
  });
}

/** The stdin runner's answer: a JSON head line (`status`, `headers`), then the body. */
function handlerAnswer(out: Uint8Array<ArrayBuffer>): Response {
  const eol = out.indexOf(10);
  try {
    const head = JSON.parse(new TextDecoder().decode(out.subarray(0, eol)));
    const empty = head.status === 204 || head.status === 304;
    const headers = new Headers(head.headers);
    headers.set("x-exit-code", "0");
    return new Response(empty ? null : out.subarray(eol + 1), { status: head.status, headers });
  } catch {
    return new Response(out, {
      status: 500,
      headers: { "content-type": "text/plain; charset=utf-8", "x-exit-code": "0" },
    });
  }
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  onOverflow: () => void,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) {
      onOverflow();
      return null;
    }
    chunks.push(chunk);
  }
  return concatBytes(chunks, size);
}
