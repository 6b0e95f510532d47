/**
 * A minimal Docker Engine API client over the engine's Unix socket (`DOCKER_HOST`, default
 * `/var/run/docker.sock`). Used on the hot path of container starts, where spawning the CLI three
 * times per start would cost more than the start itself on a busy machine.
 */
import { DockerError } from "./cli.ts";

const API = "/v1.41";

/** Where the engine listens: a Unix socket path, or an http base URL for `tcp://` hosts. */
export function engineAddress(
  dockerHost = Deno.env.get("DOCKER_HOST"),
): { socket?: string; base: string } {
  if (!dockerHost || dockerHost.startsWith("unix://")) {
    return {
      socket: dockerHost?.slice("unix://".length) || "/var/run/docker.sock",
      base: "http://docker",
    };
  }
  if (dockerHost.startsWith("tcp://")) {
    return { base: `http://${dockerHost.slice("tcp://".length)}` };
  }
  throw new DockerError(
    `Cannot use DOCKER_HOST=${dockerHost}: only unix:// and tcp:// are supported`,
  );
}

/** One connection pool to the engine; close it when done. */
export class Engine {
  readonly #client: Deno.HttpClient;
  readonly #base: string;

  constructor(dockerHost?: string) {
    const { socket, base } = engineAddress(dockerHost);
    this.#base = base + API;
    this.#client = socket
      ? Deno.createHttpClient({ proxy: { transport: "unix", path: socket } })
      : Deno.createHttpClient({});
  }

  /** Sends one request; the caller reads or cancels the body. */
  async request(method: string, path: string, body?: unknown, signal?: AbortSignal) {
    try {
      return await fetch(this.#base + path, {
        method,
        client: this.#client,
        signal,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new DockerError(`Cannot reach the Docker engine: ${(e as Error).message}`);
    }
  }

  /**
   * Sends one request and returns its JSON (or null when empty).
   * @throws {DockerError} with the engine's message on a 4xx/5xx answer.
   */
  async json<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const res = await this.request(method, path, body, signal);
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch { /* plain text */ }
      throw new DockerError(`Cannot ${method} ${path}: ${message.trim()}`, res.status);
    }
    return (text ? JSON.parse(text) : null) as T;
  }

  close(): void {
    this.#client.close();
  }
}

/**
 * Splits Docker's multiplexed log stream (8-byte frame headers: stream, 0, 0, 0, size) into
 * lines per stream.
 */
export async function demuxLogLines(
  body: ReadableStream<Uint8Array>,
  onLine: (stream: "stdout" | "stderr", line: string) => void,
): Promise<void> {
  let buf = new Uint8Array(0);
  const partial = { stdout: "", stderr: "" };
  const dec = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const emit = (stream: "stdout" | "stderr", text: string) => {
    const lines = (partial[stream] + text).split("\n");
    partial[stream] = lines.pop() ?? "";
    for (const l of lines) onLine(stream, l.replace(/\r$/, ""));
  };
  for await (const chunk of body) {
    const joined = new Uint8Array(buf.length + chunk.length);
    joined.set(buf);
    joined.set(chunk, buf.length);
    buf = joined;
    while (buf.length >= 8) {
      const size = new DataView(buf.buffer, buf.byteOffset).getUint32(4);
      if (buf.length < 8 + size) break;
      const stream = buf[0] === 2 ? "stderr" : "stdout";
      emit(stream, dec[stream].decode(buf.subarray(8, 8 + size), { stream: true }));
      buf = buf.slice(8 + size);
    }
  }
  for (const s of ["stdout", "stderr"] as const) if (partial[s]) onLine(s, partial[s]);
}
