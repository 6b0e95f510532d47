/**
 * An append-only file with size-based rotation: `name` → `name.1` → `name.2` ... keeping
 * `maxFiles` rotated files. Appends are serialized by the caller.
 */
export class RotatingFile {
  #size: number | undefined;

  constructor(
    readonly path: string,
    readonly maxFileBytes: number,
    readonly maxFiles: number,
  ) {}

  /** Appends bytes, rotating first when they would push the file past `maxFileBytes`. */
  async append(bytes: Uint8Array): Promise<void> {
    if (this.#size === undefined) this.#size = await sizeOf(this.path);
    if (this.#size > 0 && this.#size + bytes.length > this.maxFileBytes) {
      await this.rotate();
    }
    await Deno.writeFile(this.path, bytes, { append: true, create: true, mode: 0o640 });
    this.#size += bytes.length;
  }

  /** Shifts `path` to `path.1` (and older ones up), dropping what passes `maxFiles`. */
  async rotate(): Promise<void> {
    if (this.maxFiles < 1) {
      await Deno.remove(this.path).catch(ignoreNotFound);
    } else {
      await Deno.remove(`${this.path}.${this.maxFiles}`).catch(ignoreNotFound);
      for (let i = this.maxFiles - 1; i >= 1; i--) {
        await Deno.rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreNotFound);
      }
      await Deno.rename(this.path, `${this.path}.1`).catch(ignoreNotFound);
    }
    this.#size = 0;
  }

  /** Deletes the file and its rotated copies. */
  async removeAll(): Promise<void> {
    await Deno.remove(this.path).catch(ignoreNotFound);
    for (let i = 1; i <= this.maxFiles; i++) {
      await Deno.remove(`${this.path}.${i}`).catch(ignoreNotFound);
    }
    this.#size = 0;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e;
  }
}

function ignoreNotFound(e: unknown): void {
  if (!(e instanceof Deno.errors.NotFound)) throw e;
}

/** Reads the last `maxBytes` of a file as text, dropping a cut first line. "" when absent. */
export async function readTail(path: string, maxBytes: number): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
  try {
    const size = (await file.stat()).size;
    const start = Math.max(0, size - maxBytes);
    await file.seek(start, Deno.SeekMode.Start);
    const buf = new Uint8Array(size - start);
    let read = 0;
    while (read < buf.length) {
      const n = await file.read(buf.subarray(read));
      if (n === null) break;
      read += n;
    }
    const text = new TextDecoder().decode(buf.subarray(0, read));
    return start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
  } finally {
    file.close();
  }
}
