/**
 * A thin wrapper over the `docker` CLI, run through `Deno.Command`. The CLI (not the Engine API)
 * is used so that builds, contexts and credentials behave exactly as they do for a user.
 */

/** A `docker` command failed; the message carries the tail of its output. */
export class DockerError extends Error {
  /** Exit code of the CLI (null when it could not be started). */
  readonly code: number | null;
  constructor(message: string, code: number | null = null) {
    super(message);
    this.name = "DockerError";
    this.code = code;
  }
}

/** The outcome of one CLI call. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runDocker}. */
export interface RunDockerOptions {
  signal?: AbortSignal;
  /** Text written to the CLI's stdin. */
  stdin?: string;
}

/** The docker CLI program (override with `DENOFN_DOCKER_CLI`). */
export function dockerProgram(): string {
  return Deno.env.get("DENOFN_DOCKER_CLI") || "docker";
}

/**
 * Runs `docker <args>` to completion and returns its exit code and output (never throws on a
 * non-zero exit; see {@link docker} for that).
 */
export async function runDocker(
  args: string[],
  opts: RunDockerOptions = {},
): Promise<DockerResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(dockerProgram(), {
      args,
      stdin: opts.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      signal: opts.signal,
    }).spawn();
  } catch (e) {
    throw new DockerError(`Cannot run docker: ${(e as Error).message}`);
  }
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin)).catch(() => {});
    await w.close().catch(() => {});
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Runs `docker <args>` and returns its trimmed stdout.
 * @throws {DockerError} when the command exits non-zero.
 */
export async function docker(args: string[], opts: RunDockerOptions = {}): Promise<string> {
  const r = await runDocker(args, opts);
  if (r.code !== 0) {
    const why = (r.stderr || r.stdout).trim().split("\n").slice(-5).join("\n");
    throw new DockerError(`Cannot docker ${args[0]}: ${why}`, r.code);
  }
  return r.stdout.trim();
}

/**
 * Runs `docker <args>`, handing each output line (stdout and stderr) to `onLine` as it comes.
 * Resolves with the exit code and the last `tailLines` lines.
 */
export async function streamDocker(
  args: string[],
  onLine: (line: string) => void,
  opts: { signal?: AbortSignal; tailLines?: number; env?: Record<string, string> } = {},
): Promise<{ code: number; tail: string[] }> {
  const tailMax = opts.tailLines ?? 30;
  const tail: string[] = [];
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(dockerProgram(), {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: opts.signal,
      env: opts.env,
    }).spawn();
  } catch (e) {
    throw new DockerError(`Cannot run docker: ${(e as Error).message}`);
  }
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    let buf = "";
    const emit = (line: string) => {
      const clean = line.replace(/\r/g, "").trimEnd();
      if (!clean) return;
      tail.push(clean);
      if (tail.length > tailMax) tail.shift();
      onLine(clean);
    };
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      lines.forEach(emit);
    }
    emit(buf);
  };
  await Promise.all([pump(child.stdout), pump(child.stderr)]);
  const { code } = await child.status;
  return { code, tail };
}

/** How to get a Docker engine running, for error messages. */
export const DOCKER_HINT =
  "start the engine (as root: `nohup dockerd >/tmp/dockerd.log 2>&1 &`, or `systemctl start docker`; " +
  "install it with `apt-get install -y docker.io`)";

/** Whether the docker CLI is installed and its engine answers. Returns the reason when not. */
export async function dockerStatus(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const r = await runDocker(["version", "--format", "{{.Server.Version}}"]);
    if (r.code === 0) return { ok: true };
    return {
      ok: false,
      reason: `Docker engine not reachable (${r.stderr.trim()}); ${DOCKER_HINT}`,
    };
  } catch (e) {
    return { ok: false, reason: `${(e as Error).message}; ${DOCKER_HINT}` };
  }
}

/** Whether an image with this reference exists in the local engine. */
export async function imageExists(ref: string): Promise<boolean> {
  const r = await runDocker(["image", "inspect", "--format", "{{.Id}}", ref]);
  return r.code === 0;
}
