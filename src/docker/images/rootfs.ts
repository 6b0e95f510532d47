/**
 * Assembles a root filesystem folder from files of this machine: programs plus the shared
 * libraries they link (found with `ldd`), ready for a `FROM scratch` image.
 */
import { dirname, join } from "node:path";

/** Lists the shared libraries `ldd` reports for a program (absolute paths, loader included). */
export async function sharedLibraries(program: string): Promise<string[]> {
  const out = await new Deno.Command("ldd", { args: [program], stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  const libs: string[] = [];
  for (const line of text.split("\n")) {
    const arrow = line.match(/=>\s*(\/\S+)/);
    const bare = line.match(/^\s*(\/\S+)\s+\(/);
    const path = arrow?.[1] ?? bare?.[1];
    if (path) libs.push(path);
  }
  return libs;
}

/** A root filesystem being assembled in `dir`. */
export class RootFs {
  readonly dir: string;
  #files = new Set<string>();
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Number of files added so far. */
  get size(): number {
    return this.#files.size;
  }

  /** Copies a host file (following symlinks) to the same path, or to `as`, in the rootfs. */
  async addFile(hostPath: string, as = hostPath, mode?: number): Promise<void> {
    if (this.#files.has(as)) return;
    this.#files.add(as);
    const target = join(this.dir, as);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.copyFile(hostPath, target);
    if (mode !== undefined) await Deno.chmod(target, mode);
  }

  /** Adds a program and every library it links. Returns how many libraries were added. */
  async addProgram(hostPath: string, as = hostPath): Promise<number> {
    await this.addFile(hostPath, as, 0o755);
    const libs = await sharedLibraries(hostPath);
    for (const lib of libs) await this.addFile(lib);
    return libs.length;
  }

  /** Writes a text file into the rootfs. */
  async writeText(path: string, text: string, mode = 0o644): Promise<void> {
    const target = join(this.dir, path);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeTextFile(target, text, { mode });
    await Deno.chmod(target, mode);
  }

  /** Creates a symlink inside the rootfs. */
  async symlink(target: string, path: string): Promise<void> {
    const at = join(this.dir, path);
    await Deno.mkdir(dirname(at), { recursive: true });
    await Deno.remove(at).catch(() => {});
    await Deno.symlink(target, at);
  }

  /** The minimal `/etc` and `/tmp` every base needs (a `nobody` user, a sticky `/tmp`). */
  async addSkeleton(): Promise<void> {
    await this.writeText(
      "/etc/passwd",
      "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
    );
    await this.writeText("/etc/group", "root:x:0:\nnogroup:x:65534:\n");
    await Deno.mkdir(join(this.dir, "tmp"), { recursive: true });
    await Deno.chmod(join(this.dir, "tmp"), 0o1777);
  }
}
