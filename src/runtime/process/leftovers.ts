/**
 * Children die with the platform, even on `kill -9`: each instance holds a pipe from the platform
 * on its stdin and exits when it closes (see `child/runner.ts`). For a child that cannot notice
 * (an event loop stuck in a busy loop), the platform records every child it spawns in its run
 * folder, and the next start reaps what is left: a recorded process still running our runner
 * with the recorded socket in its command line is killed, and the old socket folder removed.
 */
import { join } from "node:path";

/** What is recorded of one child: its pid and a string its command line must contain. */
interface ChildEntry {
  pid: number;
  marker: string;
}

/** The run folder of one platform process (under its data folder). */
export class RunFolder {
  constructor(readonly dir: string) {}

  /** Records a spawned child (synchronously, so that a crash right after cannot lose it). */
  recordChild(pid: number, marker: string): void {
    Deno.mkdirSync(join(this.dir, "children"), { recursive: true });
    Deno.writeTextFileSync(join(this.dir, "children", String(pid)), marker);
  }

  /** Forgets a child that exited. */
  forgetChild(pid: number): void {
    try {
      Deno.removeSync(join(this.dir, "children", String(pid)));
    } catch { /* already gone */ }
  }

  /** Remembers the socket folder of this run, so that the next start can remove it. */
  async recordSocketDir(path: string): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true });
    await Deno.writeTextFile(join(this.dir, "socket_dir"), path);
  }

  /**
   * Kills the children a previous run left behind and removes its socket folder.
   * @returns how many processes were killed.
   */
  async reap(): Promise<number> {
    let killed = 0;
    for (const entry of await this.#entries()) {
      if (isOurs(entry)) {
        try {
          Deno.kill(entry.pid, "SIGKILL");
          killed++;
        } catch { /* gone meanwhile */ }
      }
      this.forgetChild(entry.pid);
    }
    const old = await Deno.readTextFile(join(this.dir, "socket_dir")).catch(() => "");
    if (/\/denofn-[^/]+$/.test(old.trim())) {
      await Deno.remove(old.trim(), { recursive: true }).catch(() => {});
    }
    return killed;
  }

  async #entries(): Promise<ChildEntry[]> {
    const out: ChildEntry[] = [];
    try {
      for await (const e of Deno.readDir(join(this.dir, "children"))) {
        const pid = Number(e.name);
        if (!Number.isInteger(pid) || pid <= 1) continue;
        const marker = await Deno.readTextFile(join(this.dir, "children", e.name)).catch(() => "");
        out.push({ pid, marker });
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return out;
  }
}

/** Whether `pid` still runs the child recorded (its command line holds the marker). */
function isOurs({ pid, marker }: ChildEntry): boolean {
  if (!marker) return false;
  try {
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
    return cmdline.includes(marker);
  } catch {
    return false;
  }
}
