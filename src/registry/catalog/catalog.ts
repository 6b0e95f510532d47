/**
 * A gateway's view of `registry/` when the registry runs in another process: the records that are there at start, then an
 * event whenever a record's content changes or a record goes away.
 */
import { join, resolve } from "node:path";
import type { FunctionRecord } from "../../manifest/record.ts";
import { nameOfRecordFile, readAllRecords, readRecordFile } from "./out_files.ts";
import { watchDir } from "../../util/watch_dir.ts";

/** A change to the catalog. */
export type CatalogEvent =
  | { type: "upsert"; record: FunctionRecord }
  | { type: "remove"; name: string };

/** A running catalog watcher. */
export interface Catalog {
  /** Every valid record in `outDir` at start. */
  readonly initial: Promise<FunctionRecord[]>;
  /** Stops watching; no event is emitted after it. */
  close(): void;
}

/** Options of {@link watchCatalog}. */
export interface CatalogOptions {
  /** Receives one line per unreadable or invalid record (default: stderr). */
  log?: (line: string) => void;
  /** Quiet time after a change before records are read (default 20 ms). */
  debounceMs?: number;
  /**
   * Also reads every record this often (ms; default never): file systems shared between
   * machines (NFS) do not report another machine's writes to a watcher.
   */
  rescanMs?: number;
}

/**
 * Reads every record in `outDir`, then watches it and calls `onChange` for each record that
 * changed or went away. Unreadable or invalid record files are logged and skipped.
 */
export function watchCatalog(
  dir: string,
  onChange: (event: CatalogEvent) => void,
  options: CatalogOptions = {},
): Catalog {
  const outDir = resolve(dir);
  const log = options.log ?? ((line: string) => console.error(line));
  const known = new Map<string, string>(); // name -> record text
  const dirty = new Set<string>();
  let closed = false;
  let rescan = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing = Promise.resolve();
  let watcher: { close(): Promise<void> } | undefined;
  let rescanTimer: ReturnType<typeof setInterval> | undefined;

  const emit = (event: CatalogEvent) => {
    if (!closed) onChange(event);
  };

  async function refresh(name: string): Promise<void> {
    const path = join(outDir, `${name}.json`);
    if (!(await Deno.stat(path).then(() => true, () => false))) {
      if (known.delete(name)) emit({ type: "remove", name });
      return;
    }
    try {
      const { text, record } = await readRecordFile(path);
      if (record.name !== name) throw new Error(`${name}.json names "${record.name}"`);
      if (known.get(name) === text) return;
      known.set(name, text);
      emit({ type: "upsert", record });
    } catch (e) {
      log(`[catalog] ${(e as Error).message}`);
    }
  }

  async function flush(): Promise<void> {
    const names = new Set(dirty);
    dirty.clear();
    if (rescan) {
      rescan = false;
      for (const name of known.keys()) names.add(name);
      for await (const entry of Deno.readDir(outDir)) {
        const name = nameOfRecordFile(entry.name);
        if (name) names.add(name);
      }
    }
    for (const name of [...names].sort()) if (!closed) await refresh(name);
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      flushing = flushing.then(flush).catch((e) => log(`[catalog] ${(e as Error).message}`));
    }, options.debounceMs ?? 20);
  };

  const initial = (async () => {
    await Deno.mkdir(outDir, { recursive: true }).catch(() => {});
    // Watch first so that nothing written while the first read runs is missed.
    watcher = watchDir(outDir, (paths, lost) => {
      if (lost) rescan = true;
      for (const path of paths) {
        const file = path.slice(path.lastIndexOf("/") + 1);
        const name = nameOfRecordFile(file);
        if (name && join(outDir, file) === path) dirty.add(name);
      }
      if (rescan || dirty.size > 0) schedule();
    }, (line) => log(`[catalog] ${line}`));
    if (closed) void watcher.close();
    if (options.rescanMs && !closed) {
      rescanTimer = setInterval(() => {
        rescan = true;
        schedule();
      }, options.rescanMs);
    }
    const found = await readAllRecords(outDir, (line) => log(`[catalog] ${line}`));
    for (const [name, { text }] of found) known.set(name, text);
    return [...found.values()].map((f) => f.record).sort((a, b) => a.name.localeCompare(b.name));
  })();

  return {
    initial,
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(rescanTimer);
      void watcher?.close();
    },
  };
}
