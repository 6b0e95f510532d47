/**
 * `mode: "stdin"`: one process per call. The request body goes to the function's stdin, its
 * stdout is the response body, exit code 0 → 200 and anything else → 500; stderr goes to the
 * function's log. The process gets no network at all.
 */
import { join } from "node:path";
import { FunctionCrashed, FunctionTimedOut, PayloadTooLarge } from "../errors/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import { permissionFlags } from "./flags.ts";
import { childEnv } from "./process/deno_env.ts";
import { readLines } from "../util/lines.ts";
import { concatBytes } from "../util/bytes.ts";

/** Request facts a stdin function can read from its environment (granted automatically). */
const REQUEST_ENV = ["DENOFN_METHOD", "DENOFN_PATH", "DENOFN_QUERY", "DENOFN_REQUEST_ID"];

/** What one stdin call needs. */
export interface StdinCall {
  record: FunctionRecord;
  registryDir: string;
  requestId: string;
  method: string;
  path: string;
  query: string;
  body: ReadableStream<Uint8Array> | null;
  logs: FunctionLogSink;
  signal?: AbortSignal;
}

let calls = 0;

/** Runs one stdin-mode call to completion and returns its response. */
export async function runStdinCall(call: StdinCall): Promise<Response> {
  const { record, logs } = call;
  const manifest = record.manifest!;
  const bundle = join(call.registryDir, record.bundle!);
  const flags = permissionFlags(manifest, { sourceDir: record.sourceDir, bundle });
  const env = REQUEST_ENV.filter((n) => !manifest.permissions.env.includes(n));
  const instance = `${record.name}-call${++calls}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-config",
      "--no-lock",
      ...flags.filter((f) => !f.startsWith("--allow-env")),
      `--allow-env=${[...manifest.permissions.env, ...env].join(",")}`,
      bundle,
    ],
    cwd: record.sourceDir,
    clearEnv: true,
    env: {
      ...childEnv(manifest),
      DENOFN_METHOD: call.method,
      DENOFN_PATH: call.path,
      DENOFN_QUERY: call.query,
      DENOFN_REQUEST_ID: call.requestId,
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
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
  const [status, out] = await Promise.all([child.status, output, input, stderr]);
  clearTimeout(timer);
  call.signal?.removeEventListener("abort", kill);
  if (timedOut) throw new FunctionTimedOut(record.name, manifest.timeoutMs);
  if (out === null) throw new PayloadTooLarge(record.name, manifest.maxBodyBytes);
  if (status.signal) {
    throw new FunctionCrashed(record.name, `"${record.name}" was killed by ${status.signal}`);
  }
  return new Response(out, {
    status: status.code === 0 ? 200 : 500,
    headers: { "content-type": "text/plain; charset=utf-8", "x-exit-code": String(status.code) },
  });
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
