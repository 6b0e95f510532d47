/**
 * Test helper: the platform as users run it — `src/main/main.ts` in its own process, in any role
 * — and the real `denofn` CLI process.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RunFolder } from "../../src/runtime/mod.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVER = join(ROOT, "src/main/main.ts");
export const CLI = join(ROOT, "src/cli/main.ts");
export const CONFIG = join(ROOT, "deno.json");

/** A platform process that printed its ready line. */
export interface PlatformProcess {
  child: Deno.ChildProcess;
  url: string;
  /** Everything it printed on stdout so far. */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<Deno.CommandStatus>;
}

/**
 * Starts `src/main/main.ts` with `env` (on top of port 0, loopback, Docker off) and resolves once
 * it prints `denofn ready at <url>`.
 */
export async function startPlatformProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<PlatformProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", "--unstable-no-legacy-abort", "--config", CONFIG, SERVER],
    env: {
      PORT: "0",
      DENOFN_HOSTNAME: "127.0.0.1",
      DENOFN_DOCKER: "off",
      DENOFN_TEMPLATES: join(ROOT, "templates"),
      DENOFN_ADMIN_TOKEN: "",
      ...env,
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let seen = "";
  const { promise: ready, resolve, reject } = Promise.withResolvers<string>();
  const timer = setTimeout(
    () => reject(new Error(`not ready in ${timeoutMs} ms:\n${seen}`)),
    timeoutMs,
  );
  (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      seen += chunk;
      const m = /denofn ready at (\S+)/.exec(seen);
      if (m) resolve(m[1]);
    }
    reject(new Error(`The platform exited before it was ready:\n${seen}`));
  })().catch(reject);
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    return await child.status;
  };
  try {
    const url = await ready;
    return { child, url, output: () => seen, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** What a CLI run printed. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // deno-lint-ignore no-explicit-any
  json(): any;
}

/**
 * Runs the `denofn` CLI with `args`, isolated from the caller's CLI config and environment.
 * `stdin`, when given, is written to its standard input (e.g. a secret's value); otherwise it has
 * none: `invoke` reads a piped stdin as the body, and the runner's stdin may be a pipe.
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<CliResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, CLI, ...args],
    env: { DENOFN_URL: "", DENOFN_ADMIN_TOKEN: "", DENOFN_CONFIG: "/nonexistent", ...env },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  return { code: out.code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/**
 * Reaps what platforms killed with `kill -9` (and never started again) left under `dataDir`:
 * the platform's next start would, but a test that ends first does it here.
 */
export async function reapLeftovers(dataDir: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isDirectory) continue;
      const path = join(dir, e.name);
      if (await Deno.stat(join(path, "socket_dir")).then(() => true, () => false)) {
        await new RunFolder(path).reap();
      } else await walk(path);
    }
  };
  await walk(dataDir).catch(() => {});
}
