/** A debounced-by-the-caller view of `Deno.watchFs`: calls `onPaths` for each event. */

/** A running watcher; `close()` stops it and resolves once its loop has ended. */
export interface DirWatcher {
  close(): Promise<void>;
}

/**
 * Watches `dir` recursively and calls `onEvent` with each event's paths and whether the
 * watcher lost events and the caller should rescan (`rescan`).
 */
export function watchDir(
  dir: string,
  onEvent: (paths: string[], rescan: boolean) => void,
  log: (line: string) => void,
): DirWatcher {
  const watcher = Deno.watchFs(dir, { recursive: true });
  let closed = false;
  const loop = (async () => {
    try {
      for await (const event of watcher) onEvent(event.paths, event.flag === "rescan");
    } catch (e) {
      if (!closed) log(`Cannot watch ${dir}: ${(e as Error).message}`);
    }
  })();
  return {
    async close() {
      if (closed) return;
      closed = true;
      try {
        watcher.close();
      } catch { /* already closed */ }
      await loop;
    },
  };
}
