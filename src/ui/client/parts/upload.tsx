/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * Deploying code: a folder through the browser's directory picker (sent as multipart files, each
 * named by its path inside the folder) or a `.tar.gz` (sent as is; `strip=1` when everything sits
 * under one top folder). Shows the build outcome and the permission diff the deploy answers.
 */
import { useState } from "preact/hooks";
import { call } from "../api.ts";
import { commonTopFolder, gunzip, readTar } from "../tar.ts";
import type { DeployAnswer } from "../types.ts";
import { Alert, DiffView } from "./bits.tsx";

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Sends a deploy and reads its answer (200 ready, 422 build failed). */
export async function deploy(
  name: string,
  body: BodyInit,
  type?: string,
  strip = false,
): Promise<DeployAnswer> {
  const res = await call(`/admin/functions/${name}${strip ? "?strip=1" : ""}`, {
    method: "PUT",
    body,
    headers: type ? { "content-type": type } : undefined,
  });
  return await res.json() as DeployAnswer;
}

/** How a deploy went: build status, error, permission diff. */
export function DeployResult(props: { answer: DeployAnswer }) {
  const a = props.answer;
  return (
    <div class="deploy-result">
      {a.build.status === "ready"
        ? (
          <Alert kind="ok">
            Deployed <strong>{a.name}</strong>: {a.files} files, built in {a.build.buildMs ?? "?"}
            {" "}
            ms.
          </Alert>
        )
        : (
          <Alert kind="error">
            The build of <strong>{a.name}</strong> failed; the previous version keeps serving.
            <pre class="error-text">{a.build.error}</pre>
          </Alert>
        )}
      <DiffView diff={a.permissions} title="Permission changes of this deploy" />
    </div>
  );
}

/** The upload form; `name` fixed replaces that function's code. */
export function Upload(props: { name?: string; onDeployed?: (a: DeployAnswer) => void }) {
  const [name, setName] = useState(props.name ?? "");
  const [mode, setMode] = useState<"folder" | "archive">("folder");
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<DeployAnswer>();
  const [error, setError] = useState<string>();
  const id = `upload-${props.name ?? "new"}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setAnswer(undefined);
    if (!NAME.test(name)) {
      return setError("A name is a-z, 0-9, _ and - (up to 63, starting a-z0-9).");
    }
    if (!files.length) {
      return setError(mode === "folder" ? "Choose a folder." : "Choose a .tar.gz.");
    }
    setBusy(true);
    try {
      let result: DeployAnswer;
      if (mode === "folder") {
        const form = new FormData();
        for (const f of files) {
          const rel = f.webkitRelativePath.split("/").slice(1).join("/") || f.name;
          form.append(rel, f, rel);
        }
        result = await deploy(name, form);
      } else {
        const bytes = new Uint8Array(await files[0].arrayBuffer());
        let strip = false;
        try {
          strip = commonTopFolder(readTar(await gunzip(bytes))) !== undefined;
        } catch { /* the platform says what is wrong with it */ }
        result = await deploy(name, bytes, "application/gzip", strip);
      }
      setAnswer(result);
      props.onDeployed?.(result);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const pick = (e: Event) => setFiles([...((e.target as HTMLInputElement).files ?? [])]);
  // A property in Chromium, Firefox and Safari: it must be true, not "".
  const folderAttrs = { webkitdirectory: true };
  return (
    <form class="upload" onSubmit={submit} aria-busy={busy}>
      {props.name === undefined && (
        <div class="field">
          <label for={`${id}-name`}>Function name</label>
          <input
            id={`${id}-name`}
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value.trim())}
            pattern="[a-z0-9][a-z0-9_\-]{0,62}"
            required
            placeholder="greet"
          />
        </div>
      )}
      <fieldset class="choice">
        <legend>Code</legend>
        {([["folder", "a folder"], ["archive", "a .tar.gz"]] as const).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === value}
              onChange={() => (setMode(value), setFiles([]))}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>
      <div class="field">
        {mode === "folder"
          ? (
            <>
              <label for={`${id}-folder`}>Function folder</label>
              <input id={`${id}-folder`} type="file" multiple {...folderAttrs} onChange={pick} />
            </>
          )
          : (
            <>
              <label for={`${id}-archive`}>Archive (.tar.gz)</label>
              <input
                id={`${id}-archive`}
                type="file"
                accept=".tar.gz,.tgz,application/gzip"
                onChange={pick}
              />
            </>
          )}
        {files.length > 0 && mode === "folder" && <p class="hint">{files.length} files chosen</p>}
      </div>
      <button type="submit" disabled={busy}>{busy ? "Deploying…" : "Deploy"}</button>
      {error && <Alert kind="error">{error}</Alert>}
      {answer && <DeployResult answer={answer} />}
    </form>
  );
}
