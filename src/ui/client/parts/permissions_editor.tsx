/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Editing a function's permissions: its source comes from the admin API as a `.tar.gz`, the
 * editor changes `permissions` in `registry.json`, shows what the change grants and revokes,
 * and only then deploys the archive back (the deploy answers the platform's own diff).
 */
import { useEffect, useState } from "preact/hooks";
import { call } from "../api.ts";
import {
  type Diff,
  diffLists,
  type Kind,
  KINDS,
  linesToList,
  listsOf,
  type PermissionLists,
  withPermissions,
} from "../permissions.ts";
import { gunzip, gzip, readTar, type TarItem, writeTar } from "../tar.ts";
import type { DeployAnswer } from "../types.ts";
import { Alert, DiffView } from "./bits.tsx";
import { deploy, DeployResult } from "./upload.tsx";

const HINTS: Record<Kind, string> = {
  net: "hosts, e.g. api.example.com:443",
  read: "paths inside the function folder",
  write: "data folders inside the function folder",
  env: "variable names",
  run: "programs",
  ffi: "libraries inside the function folder",
  sys: "e.g. hostname, osRelease",
};

interface Source {
  items: TarItem[];
  manifest: unknown;
  lists: PermissionLists;
}

async function loadSource(fn: string): Promise<Source> {
  const res = await call(`/admin/functions/${fn}/source`);
  const items = readTar(await gunzip(new Uint8Array(await res.arrayBuffer())));
  const file = items.find((i) => i.name.replace(/^\.\//, "") === "registry.json");
  let manifest: unknown = {};
  if (file) {
    try {
      manifest = JSON.parse(new TextDecoder().decode(file.data));
    } catch (e) {
      throw new Error(
        `registry.json is not valid JSON (${(e as Error).message}): fix it in a deploy`,
      );
    }
  }
  return { items, manifest, lists: listsOf(manifest) };
}

const textsOf = (lists: PermissionLists) =>
  Object.fromEntries(KINDS.map((k) => [k, (lists[k] ?? []).join("\n")])) as Record<Kind, string>;

/**
 * The permissions form of `fn`; `onSaved` runs after a deploy. A new `version` (the deployed
 * hash) reloads the form unless it holds unsaved edits.
 */
export function PermissionsEditor(
  props: { fn: string; version?: string; onSaved?: (a: DeployAnswer) => void },
) {
  const [source, setSource] = useState<Source>();
  const [texts, setTexts] = useState<Record<Kind, string>>(textsOf({}));
  const [review, setReview] = useState<Diff>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<DeployAnswer>();

  const load = () =>
    loadSource(props.fn).then((s) => {
      setSource(s);
      setTexts(textsOf(s.lists));
    }, (e) => setError((e as Error).message));
  const dirty = source !== undefined &&
    JSON.stringify(textsOf(source.lists)) !== JSON.stringify(texts);
  useEffect(() => void load(), [props.fn]);
  useEffect(() => void (source && !dirty && !busy && load()), [props.version]);

  const edited = (): PermissionLists =>
    Object.fromEntries(KINDS.map((k) => [k, linesToList(texts[k])]));

  const onReview = (e: Event) => {
    e.preventDefault();
    setAnswer(undefined);
    if (source) setReview(diffLists(source.lists, edited()));
  };

  const onSave = async () => {
    if (!source || !review?.changed) return;
    setBusy(true);
    setError(undefined);
    try {
      // The code may have changed since the editor opened: edit the source as it is now.
      const fresh = await loadSource(props.fn);
      if (JSON.stringify(fresh.lists) !== JSON.stringify(source.lists)) {
        setSource(fresh);
        setReview(diffLists(fresh.lists, edited()));
        throw new Error("The permissions changed meanwhile: the diff above is against them now.");
      }
      const manifest = withPermissions(fresh.manifest, edited());
      const data = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n");
      const items = fresh.items.filter((i) => i.name.replace(/^\.\//, "") !== "registry.json");
      items.push({
        name: "registry.json",
        type: "file",
        mode: 0o644,
        mtime: Date.now() / 1000,
        linkname: "",
        data,
      });
      const result = await deploy(props.fn, await gzip(writeTar(items)), "application/gzip");
      setAnswer(result);
      setReview(undefined);
      props.onSaved?.(result);
      await load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const id = `perm-${props.fn}`;
  return (
    <form class="permissions" onSubmit={onReview} aria-busy={busy}>
      {error && <Alert kind="error">{error}</Alert>}
      {!source && !error && <p class="muted">Loading registry.json…</p>}
      <div class="perm-grid">
        {KINDS.map((kind) => (
          <div class="field" key={kind}>
            <label for={`${id}-${kind}`}>
              {kind} <span class="hint">({HINTS[kind]}; one a line)</span>
            </label>
            <textarea
              id={`${id}-${kind}`}
              class="mono"
              rows={2}
              value={texts[kind]}
              disabled={!source || busy}
              onInput={(e) => {
                setTexts({ ...texts, [kind]: (e.target as HTMLTextAreaElement).value });
                setReview(undefined);
              }}
            />
          </div>
        ))}
      </div>
      <button type="submit" disabled={!source || busy}>Review changes</button>
      {review && (
        <div class="review">
          <DiffView diff={review} title="This change would" />
          {review.changed && (
            <button type="button" onClick={onSave} disabled={busy}>
              {busy ? "Deploying…" : "Save and deploy"}
            </button>
          )}
        </div>
      )}
      {answer && <DeployResult answer={answer} />}
    </form>
  );
}
