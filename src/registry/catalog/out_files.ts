/** The files of one function in `outDir`: `<name>.json` (the record) and `<name>.js` (bundle). */
import { join } from "node:path";
import { type FunctionRecord, functionRecordSchema } from "../../manifest/record.ts";
import { removeIfExists, writeFileAtomic } from "./atomic.ts";

/** File name of a function's bundle inside `outDir`. */
export function bundleFileName(name: string): string {
  return `${name}.js`;
}

/** File name of a function's record inside `outDir`. */
export function recordFileName(name: string): string {
  return `${name}.json`;
}

/** The function name of a record file name (`hello.json` → `hello`), or undefined. */
export function nameOfRecordFile(file: string): string | undefined {
  if (file.startsWith(".") || !file.endsWith(".json")) return undefined;
  return file.slice(0, -".json".length);
}

/** Writes a record atomically. */
export async function writeRecord(outDir: string, record: FunctionRecord): Promise<void> {
  const text = JSON.stringify(record, null, 2) + "\n";
  await writeFileAtomic(join(outDir, recordFileName(record.name)), text);
}

/** Removes a function's record, then its bundle. */
export async function removeFunctionFiles(outDir: string, name: string): Promise<void> {
  await removeIfExists(join(outDir, recordFileName(name)));
  await removeIfExists(join(outDir, bundleFileName(name)));
}

/**
 * Reads and validates one record file.
 * @throws {Error} "Cannot read record <file>: ..." when unreadable, not JSON or not a record.
 */
export async function readRecordFile(
  path: string,
): Promise<{ text: string; record: FunctionRecord }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
    const result = functionRecordSchema.safeParse(JSON.parse(text));
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    return { text, record: result.data };
  } catch (e) {
    throw new Error(`Cannot read record ${path}: ${(e as Error).message}`);
  }
}

/** Every valid record in `outDir`, by name; invalid files are reported to `onError`. */
export async function readAllRecords(
  outDir: string,
  onError: (message: string) => void,
): Promise<Map<string, { text: string; record: FunctionRecord }>> {
  const found = new Map<string, { text: string; record: FunctionRecord }>();
  for await (const entry of Deno.readDir(outDir)) {
    const name = entry.isFile ? nameOfRecordFile(entry.name) : undefined;
    if (!name) continue;
    try {
      const read = await readRecordFile(join(outDir, entry.name));
      if (read.record.name !== name) throw new Error(`${entry.name} names "${read.record.name}"`);
      found.set(name, read);
    } catch (e) {
      onError((e as Error).message);
    }
  }
  return found;
}
