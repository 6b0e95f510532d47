/**
 * Child processes of the bench: start, wait for a line, read CPU time and RSS from /proc, and
 * stop them (with their descendants) for sure.
 * @module
 */

/** A started child process. */
export interface Proc {
  readonly pid: number;
  /** The match of the ready pattern in the child's output. */
  readonly match: RegExpMatchArray;
  /** Output seen so far (stdout and stderr interleaved). */
  output(): string;
  /** Stops the child and every descendant; resolves once they are gone. */
  stop(): Promise<void>;
}

/** Options of {@link startProc}. */
export interface StartProcOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Resolves once a line of output matches; without it, resolves at once. */
  ready?: RegExp;
  timeoutMs?: number;
}

/** Starts `cmd args`, resolving once its output matches `ready`. */
export async function startProc(
  cmd: string,
  args: string[],
  options: StartProcOptions = {},
): Promise<Proc> {
  const child = new Deno.Command(cmd, {
    args,
    env: options.env,
    cwd: options.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let onText = (): void => {};
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      if (out.length < 1_000_000) out += text;
      onText();
    }
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]).catch(() => {});
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const family = [child.pid, ...descendants(child.pid)];
    for (const pid of family) kill(pid, "SIGTERM");
    const timer = setTimeout(() => family.forEach((pid) => kill(pid, "SIGKILL")), 3000);
    await child.status;
    clearTimeout(timer);
    for (const pid of family.slice(1)) kill(pid, "SIGKILL");
    await drained;
  };
  const proc = {
    pid: child.pid,
    match: [] as unknown as RegExpMatchArray,
    output: () => out,
    stop,
  };
  if (!options.ready) return proc;
  const ready = options.ready;
  try {
    proc.match = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Cannot start ${cmd}: not ready in time. Output:\n${out}`)),
        options.timeoutMs ?? 30_000,
      );
      onText = () => {
        const m = out.match(ready);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.status.then((s) => {
        clearTimeout(timer);
        reject(new Error(`Cannot start ${cmd}: exited with ${s.code}. Output:\n${out}`));
      });
      onText();
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return proc;
}

function kill(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(pid, signal);
  } catch { /* gone */ }
}

/** Pids of every live descendant of `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const stat = readStat(Number(e.name));
    if (stat) parent.set(Number(e.name), Number(stat[1]));
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** Fields of /proc/<pid>/stat after the command name (index 0 is the state), or null. */
function readStat(pid: number): string[] | null {
  try {
    const s = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux x86_64

/** User plus system CPU seconds used so far by `pid` (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  const f = readStat(pid);
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : 0;
}

/** Resident set size of `pid` in MB (0 once it is gone). */
export function rssMb(pid: number): number {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Memory of `pid` in MB: RSS, its private anonymous part, and PSS (shared pages split). */
export function memMb(pid: number): { rss: number; anon: number; pss: number } {
  const kb = (text: string, key: string) =>
    Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0) / 1024;
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const rollup = Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`);
    return { rss: kb(status, "VmRSS"), anon: kb(status, "RssAnon"), pss: kb(rollup, "Pss") };
  } catch {
    return { rss: 0, anon: 0, pss: 0 };
  }
}

/** A free TCP port on 127.0.0.1 (closed again before return). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
