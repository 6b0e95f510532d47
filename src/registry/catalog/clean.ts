/** Removes what an interrupted registry may have left in `outDir`: staged bundles, temp files. */
import { join } from "node:path";
import { STAGING_DIR } from "../build/deno_builder.ts";

/** Empties `outDir/.staging/` and removes `outDir/.*.tmp` files. */
export async function cleanOutDir(outDir: string): Promise<void> {
  const staging = join(outDir, STAGING_DIR);
  for await (const entry of Deno.readDir(staging)) {
    await Deno.remove(join(staging, entry.name), { recursive: true }).catch(() => {});
  }
  for await (const entry of Deno.readDir(outDir)) {
    if (entry.isFile && entry.name.startsWith(".") && entry.name.endsWith(".tmp")) {
      await Deno.remove(join(outDir, entry.name)).catch(() => {});
    }
  }
}
