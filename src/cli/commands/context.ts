import type { Parsed } from "../args.ts";
import type { Connection } from "../config.ts";

/** What every command gets. */
export interface Ctx extends Parsed {
  env: Record<string, string | undefined>;
  /** Resolves URL and token lazily (commands like `new` need neither). */
  conn(): Promise<Connection>;
  /** Progress lines (stderr), silent with --json. */
  progress(line: string): void;
}
