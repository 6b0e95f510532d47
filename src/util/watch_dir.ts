/**
 * A debounced-by-the-caller view of `Deno.watchFs` that never follows a symlink. A recursive
 * `Deno.watchFs` walks through links: a link to `/usr` costs some 15,000 inotify watches and
 * seconds of a blocked event loop, and a link to `/` breaks the watch. So this watcher walks the
 * tree itself, without entering links, and watches each real folder on its own; when folders
 * appear or go it walks again and swaps in a new watcher.
 */

/** A running watcher; `close()` stops it and resolves once its loop has ended. */
export interface DirWatcher {
  close(): Promise<void>;
}

/** Most folders watched under one root (each costs an inotify watch). */
export const MAX_WATCHED_DIRS = 20_000;
const REFRESH_DELAY_MS = 25;
const RETIRE_DELAY_MS = 200;

/** The real folders under `root` (itself included), never entering a symlink. */
export async function realDirs(root: string, max = MAX_WATCHED_DIRS): Promise<string[]> {
  const dirs = [root];
  for (let i = 0; i < dirs.length && dirs.length < max; i++) {
    try {
      for await (const entry of Deno.readDir(dirs[i])) {
        if (entry.isDirectory && !entry.isSymlink && dirs.length < max) {
          dirs.push(`${dirs[i]}/${entry.name}`);
        }
      }
    } catch { /* gone or unreadable meanwhile: the next walk sees it */ }
  }
  return dirs;
}

/** {@link realDirs}, synchronously: the first walk, so a watcher is in place on return. */
export function realDirsSync(root: string, max = MAX_WATCHED_DIRS): string[] {
  const dirs = [root];
  for (let i = 0; i < dirs.length && dirs.length < max; i++) {
    try {
      for (const entry of Deno.readDirSync(dirs[i])) {
        if (entry.isDirectory && !entry.isSymlink && dirs.length < max) {
          dirs.push(`${dirs[i]}/${entry.name}`);
        }
      }
    } catch { /* gone or unreadable meanwhile: the next walk sees it */ }
  }
  return dirs;
}

async function isRealDir(path: string): Promise<boolean> {
  return await Deno.lstat(path).then((s) => s.isDirectory, () => false);
}

/**
 * Watches `dir` and the real folders below it, and calls `onEvent` with each event's paths and
 * whether the watcher lost events and the caller should rescan (`rescan`). A folder that appears
 * is reported once more after its watch is in place, so nothing written into it meanwhile is
 * missed. Symlinks are reported as entries of their folder, never followed.
 */
export function watchDir(
  dir: string,
  onEvent: (paths: string[], rescan: boolean) => void,
  log: (line: string) => void,
): DirWatcher {
  const root = dir.replace(/(?<=.)\/+$/, "");
  let closed = false;
  let watched = new Set<string>();
  let current: Deno.FsWatcher | undefined;
  const loops: Promise<void>[] = [];
  /** Replaced watchers, still draining, and the timer that closes each. */
  const retiring = new Map<Deno.FsWatcher, ReturnType<typeof setTimeout>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain = Promise.resolve();

  const open = (dirs: string[]): Deno.FsWatcher => {
    const watcher = Deno.watchFs(dirs, { recursive: false });
    loops.push((async () => {
      try {
        for await (const event of watcher) {
          if (closed) break;
          onEvent(event.paths, event.flag === "rescan");
          void noticeFolders(event);
        }
      } catch (e) {
        if (!closed && watcher === current) log(`Cannot watch ${root}: ${(e as Error).message}`);
      }
    })());
    return watcher;
  };

  const close = (watcher: Deno.FsWatcher) => {
    try {
      watcher.close();
    } catch { /* already closed */ }
  };

  const swap = (dirs: string[]) => {
    if (dirs.length >= MAX_WATCHED_DIRS) {
      log(`Cannot watch every folder under ${root}: watching the first ${MAX_WATCHED_DIRS}`);
    }
    const next = open(dirs);
    const old = current;
    current = next;
    watched = new Set(dirs);
    if (!old) return;
    // Keep the old watcher a moment so that events it already queued still arrive.
    retiring.set(
      old,
      setTimeout(() => {
        retiring.delete(old);
        close(old);
      }, RETIRE_DELAY_MS),
    );
  };

  const refresh = async () => {
    if (closed) return;
    const dirs = await realDirs(root);
    const added = dirs.filter((d) => !watched.has(d));
    if (closed || (!added.length && dirs.length === watched.size)) return;
    try {
      swap(dirs);
    } catch (e) {
      // A folder went between the walk and the watch: walk again soon.
      if (e instanceof Deno.errors.NotFound) return schedule();
      return log(`Cannot watch ${root}: ${(e as Error).message}`);
    }
    // Report new folders once more, now that they are watched: what was written into them
    // before is not missed.
    if (added.length) onEvent(added, false);
  };

  const schedule = () => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      chain = chain.then(refresh).catch((e) => log(`Cannot watch ${root}: ${e.message}`));
    }, REFRESH_DELAY_MS);
  };

  /** Walks again when a folder appears, goes or moves (reads and writes cost nothing). */
  const noticeFolders = async (event: Deno.FsEvent) => {
    if (event.flag === "rescan") return schedule();
    if (!["create", "rename", "remove"].includes(event.kind)) return;
    for (const path of event.paths) {
      if (watched.has(path) || (event.kind !== "remove" && await isRealDir(path))) {
        return schedule();
      }
    }
  };

  swap(realDirsSync(root));
  return {
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      await chain.catch(() => {});
      for (const [old, id] of retiring) {
        clearTimeout(id);
        close(old);
      }
      if (current) close(current);
      await Promise.all(loops);
    },
  };
}
