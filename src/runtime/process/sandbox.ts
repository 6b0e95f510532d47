/**
 * Defence in depth under Deno's permission flags: when the platform runs as root, each function
 * process runs as an unprivileged user of its own (a uid derived from the function's name, in a
 * configured range, unique among this platform's functions), with no supplementary groups,
 * `no_new_privs`, an empty bounding set, limits on processes and open files, and a private
 * folder (its socket, its copy of the bundle, `TMPDIR`) that no other function can enter. A
 * program a `run` grant lets it start, or native code an `ffi` grant loads, is then still an
 * unprivileged process: it cannot signal the platform or another function, read the platform's
 * memory or environment, or fork without bound.
 *
 * The process starts through `prlimit` and `setpriv` (util-linux): `prlimit --nproc --nofile --
 * setpriv --reuid --regid --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all --
 * deno run ...`. Both exec, so the pid the platform records is the Deno process's.
 */
import { dirname, join, resolve } from "node:path";
import type { FunctionRecord } from "../../manifest/record.ts";
import { StartError } from "../types.ts";

/** Settings of the sandbox users. */
export interface SandboxSettings {
  /** First uid (and gid) of the range functions run as. */
  firstUid: number;
  /** How many uids the range holds. */
  uidCount: number;
  /** Processes (threads count) one function's uid may have, on top of 32 per instance. */
  maxProcesses: number;
  /** Open files of one function process. */
  maxOpenFiles: number;
}

/** The defaults: a range far above the ids of people and system accounts. */
export const DEFAULT_SANDBOX: SandboxSettings = {
  firstUid: 200_000,
  uidCount: 100_000,
  maxProcesses: 128,
  maxOpenFiles: 4_096,
};

/** What one sandboxed process needs from the starter. */
export interface SandboxedProcess {
  uid: number;
  /** Its private folder (owned by its uid, mode 0700). */
  dir: string;
  /** The Unix socket path it listens on (inside `dir`). */
  socket: string;
  /** Its copy of the bundle (inside `dir`), the one it may read. */
  bundle: string;
  /** Variables to add to its environment (`TMPDIR`, its user's own `DENO_DIR`). */
  env: Record<string, string>;
  /** The program and arguments that start `program args` as this process's user. */
  command(program: string, args: string[]): { program: string; args: string[] };
  /** Removes the private folder. */
  cleanup(): Promise<void>;
}

const TOOL_DIRS = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];
const THREADS_PER_INSTANCE = 32;
const RUNNERS = ["../child/runner.ts", "../child/stdin_runner.ts"].map((p) =>
  new URL(p, import.meta.url).pathname
);

async function findTool(name: string): Promise<string | undefined> {
  for (const dir of TOOL_DIRS) {
    const path = join(dir, name);
    if (await Deno.stat(path).then((s) => s.isFile, () => false)) return path;
  }
  return undefined;
}

/** FNV-1a of a string: a stable spread of names over the uid range. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The first folder above `path` (itself included) that other users cannot enter, if any. */
function closedAncestor(path: string): { dir: string; mode: number } | undefined {
  for (let dir = dirname(resolve(path));; dir = dirname(dir)) {
    const info = Deno.statSync(dir);
    if (info.mode !== null && (info.mode & 0o001) === 0) return { dir, mode: info.mode & 0o777 };
    if (dir === "/") return undefined;
  }
}

function chownTree(path: string, uid: number, budget: { left: number }): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch {
    return; // not there (yet): Deno will refuse the write itself
  }
  if (info.isSymlink || --budget.left < 0) return;
  if (info.uid !== uid) Deno.chownSync(path, uid, uid);
  if (!info.isDirectory) return;
  for (const entry of Deno.readDirSync(path)) chownTree(join(path, entry.name), uid, budget);
}

/** Copies the tree `from` to `to`, owned by `uid` (mode 0700 folders). */
async function copyTree(from: string, to: string, uid: number): Promise<void> {
  await Deno.mkdir(to, { recursive: true, mode: 0o700 });
  await Deno.chown(to, uid, uid);
  for await (const e of Deno.readDir(from)) {
    const [src, dest] = [join(from, e.name), join(to, e.name)];
    if (e.isDirectory) await copyTree(src, dest, uid);
    else if (e.isFile) {
      await Deno.copyFile(src, dest);
      await Deno.chown(dest, uid, uid);
    }
  }
}

/** Runs function processes as unprivileged users (see the module comment). */
export class ProcessSandbox {
  readonly #uids = new Map<string, number>();
  readonly #owners = new Map<number, string>();
  #cache?: Promise<string>;
  readonly #userCaches = new Map<number, Promise<string>>();
  #warming: Promise<void> = Promise.resolve();
  readonly #warmed = new Set<number>();
  #closing = false;
  #opened = false;

  constructor(
    readonly settings: SandboxSettings,
    /** Platform-owned folder for the private folders (the socket folder). */
    readonly baseDir: string,
    readonly tools: { prlimit: string; setpriv: string },
    readonly deno: string = Deno.execPath(),
  ) {}

  /**
   * A sandbox when this process runs as root and `prlimit` and `setpriv` are installed; else
   * undefined with the reason (the caller decides whether that is fatal).
   */
  static async open(
    settings: SandboxSettings,
    baseDir: string,
  ): Promise<ProcessSandbox | string> {
    if (Deno.uid() !== 0) return "the platform does not run as root";
    const [prlimit, setpriv] = await Promise.all([findTool("prlimit"), findTool("setpriv")]);
    if (!prlimit || !setpriv) {
      return "prlimit and setpriv (util-linux) are not both installed";
    }
    return new ProcessSandbox(settings, baseDir, { prlimit, setpriv });
  }

  /** Compiles the runners into the cache function users start from (in the background). */
  warm(): void {
    this.#runnerCache().catch(() => {});
  }

  /** Waits for a warm-up still running (so that no process of it outlives the platform). */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#cache?.catch(() => {});
    await this.#warming;
  }

  /** The uid of a function: from its name, moved on past uids other functions hold. */
  uidOf(name: string): number {
    const known = this.#uids.get(name);
    if (known !== undefined) return known;
    const { firstUid, uidCount } = this.settings;
    let slot = fnv1a(name) % uidCount;
    for (let i = 0; i < uidCount && this.#owners.has(firstUid + slot); i++) {
      slot = (slot + 1) % uidCount;
    }
    const uid = firstUid + slot;
    this.#uids.set(name, uid);
    this.#owners.set(uid, name);
    return uid;
  }

  /** A Deno cache the runners are compiled into once (by the platform's user). */
  #runnerCache(): Promise<string> {
    this.#cache ??= (async () => {
      const dir = join(this.baseDir, "deno_cache");
      await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
      // A run of each runner (it stops at its missing bundle) compiles it, V8 code cache included.
      await this.#compileRunners(dir);
      return dir;
    })();
    return this.#cache;
  }

  /**
   * The Deno cache of one function's user: a copy of the runners' cache it owns, so that its
   * instances keep their compiled code between starts (a cache it could only read costs every
   * start about 20 ms), and no other function can write what it runs.
   */
  #userCache(uid: number): Promise<string> {
    let cache = this.#userCaches.get(uid);
    if (!cache) {
      cache = (async () => {
        const dir = join(this.baseDir, `deno_cache_${uid}`);
        await copyTree(await this.#runnerCache(), dir, uid);
        return dir;
      })();
      this.#userCaches.set(uid, cache);
    }
    return cache;
  }

  /** Runs each runner once (it stops at its missing bundle), as `uid` when given. */
  async #compileRunners(dir: string, uid?: number): Promise<void> {
    for (const runner of RUNNERS) {
      const args = [
        "run",
        "--no-config",
        "--no-lock",
        "--no-prompt",
        runner,
        "file:///-",
        "-",
        "-",
      ];
      const { setpriv } = this.tools;
      const as = uid === undefined ? [] : [
        `--reuid=${uid}`,
        `--regid=${uid}`,
        "--clear-groups",
        "--no-new-privs",
        "--",
        this.deno,
      ];
      await new Deno.Command(uid === undefined ? this.deno : setpriv, {
        args: [...as, ...args],
        clearEnv: true,
        env: { DENO_DIR: dir, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).output();
    }
  }

  /**
   * Gets `name`'s user ready ahead of its function's first start, off any call's path: its copy
   * of the runners' compiled cache, and a first run of them as that user.
   */
  warmUser(name: string): void {
    const uid = this.uidOf(name);
    if (this.#warmed.has(uid)) return; // once per user: a redeploy changes nothing of this
    this.#warmed.add(uid);
    // One at a time: a platform starting with many functions must not spawn a run for each at
    // once. A start that needs a user sooner gets it at once (the cache is shared).
    // A first run as the user settles what Deno writes to a cache it has not used yet; a start
    // meanwhile needs only the copy (the cache takes several processes at once).
    this.#warming = this.#warming
      .then(async () => {
        if (!this.#closing) await this.#compileRunners(await this.#userCache(uid), uid);
      })
      .then(() => {}, () => {});
  }

  /** Checks that the user can reach every path grant; gives it the `write` grants it holds. */
  #grantAccess(record: FunctionRecord, uid: number): void {
    const p = record.manifest!.permissions;
    const inFolder = (rel: string) => resolve(record.sourceDir, rel);
    for (const path of [...p.read, ...p.write, ...p.ffi].map(inFolder)) {
      const closed = closedAncestor(path);
      if (closed) {
        throw new StartError(
          `Cannot start "${record.name}" as its own unprivileged user (uid ${uid}): ` +
            `${JSON.stringify(closed.dir)} (mode ${closed.mode.toString(8)}) lets no other user ` +
            `reach its grant ${JSON.stringify(path)}; make the folders above it enterable ` +
            "(chmod o+x), or set DENOFN_SANDBOX_USERS=off",
        );
      }
    }
    const budget = { left: 10_000 };
    for (const path of p.write.map(inFolder)) chownTree(path, uid, budget);
  }

  /**
   * Prepares one process of `record` (`key` names it, e.g. the instance id): its private
   * folder with a copy of the bundle, its store socket made its own, its grants checked.
   * @throws {StartError} when the user could not reach a path grant.
   */
  async prepare(
    record: FunctionRecord,
    key: string,
    paths: { bundle: string; storeSocket?: string },
  ): Promise<SandboxedProcess> {
    const uid = this.uidOf(record.name);
    if (!this.#opened) {
      await Deno.chmod(this.baseDir, 0o711); // enterable, not listable
      this.#opened = true;
    }
    this.#grantAccess(record, uid);
    const denoDir = await this.#userCache(uid);
    const dir = join(this.baseDir, key);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.mkdir(join(dir, "tmp"), { recursive: true, mode: 0o700 });
    const bundle = join(dir, "bundle.js");
    await Deno.copyFile(paths.bundle, bundle);
    await Deno.chmod(bundle, 0o444);
    for (const path of [dir, join(dir, "tmp")]) await Deno.chown(path, uid, uid);
    if (paths.storeSocket) {
      await Deno.chmod(dirname(paths.storeSocket), 0o711);
      await Deno.chown(paths.storeSocket, uid, uid);
    }
    const manifest = record.manifest!;
    const instances = manifest.mode === "stdin"
      ? manifest.maxInstances * manifest.concurrency
      : manifest.maxInstances;
    const nproc = this.settings.maxProcesses + THREADS_PER_INSTANCE * instances;
    const { prlimit, setpriv } = this.tools;
    return {
      uid,
      dir,
      socket: join(dir, "sock"),
      bundle,
      env: { TMPDIR: join(dir, "tmp"), DENO_DIR: denoDir },
      command: (program, args) => ({
        program: prlimit,
        args: [
          `--nproc=${nproc}`,
          `--nofile=${this.settings.maxOpenFiles}`,
          "--",
          setpriv,
          `--reuid=${uid}`,
          `--regid=${uid}`,
          "--clear-groups",
          "--no-new-privs",
          "--inh-caps=-all",
          "--bounding-set=-all",
          "--",
          program,
          ...args,
        ],
      }),
      cleanup: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
    };
  }
}

/**
 * Spawns `deno args` for a function (as its sandboxed user when `jail` is given) with only `env`
 * in its environment and piped stdio.
 */
export function spawnDeno(
  jail: SandboxedProcess | undefined,
  denoArgs: string[],
  cwd: string,
  env: Record<string, string>,
): Deno.ChildProcess {
  const deno = { program: Deno.execPath(), args: denoArgs };
  const { program, args } = jail?.command(deno.program, deno.args) ?? deno;
  return new Deno.Command(program, {
    args,
    cwd,
    clearEnv: true,
    env,
    // A function child exits when its stdin closes: it dies with the platform, even on kill -9.
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}
