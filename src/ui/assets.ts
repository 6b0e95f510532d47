/**
 * The dashboard's static files, served by the platform itself (no CDN): the hand-written
 * stylesheet and the client bundle (`deno task ui:build` writes `static/dist/`; the bundle is
 * committed, so running the platform needs no build step). Read once, served with an ETag.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { AssetUrls } from "./pages.tsx";

/** The folder of the static files shipped with the platform. */
export const STATIC_DIR = fileURLToPath(new URL("./static/", import.meta.url));

/** Files served under `/ui/assets/<name>`, with their content types. */
export const ASSET_FILES: Readonly<Record<string, string>> = {
  "app.css": "text/css; charset=utf-8",
  "main.css": "text/css; charset=utf-8",
  "main.js": "text/javascript; charset=utf-8",
};

const PATHS: Record<string, string> = {
  "app.css": "app.css",
  "main.css": "dist/main.css",
  "main.js": "dist/main.js",
};

/** One loaded asset. */
export interface Asset {
  body: Uint8Array;
  type: string;
  etag: string;
}

/** Loads the assets from `dir` (default {@link STATIC_DIR}) once, on first use. */
export class Assets {
  #loaded?: Promise<Map<string, Asset>>;

  constructor(readonly dir: string = STATIC_DIR) {}

  /** Every asset, by name. */
  all(): Promise<Map<string, Asset>> {
    return this.#loaded ??= this.#load();
  }

  async #load(): Promise<Map<string, Asset>> {
    const out = new Map<string, Asset>();
    for (const [name, type] of Object.entries(ASSET_FILES)) {
      const body = await Deno.readFile(join(this.dir, PATHS[name]));
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      const etag = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
      out.set(name, { body, type, etag });
    }
    return out;
  }

  /** The versioned URLs the pages link to. */
  async urls(): Promise<AssetUrls> {
    const all = await this.all();
    const url = (name: string) => `/ui/assets/${name}?v=${all.get(name)!.etag}`;
    return { css: [url("app.css"), url("main.css")], js: url("main.js") };
  }
}
