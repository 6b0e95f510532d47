/**
 * What goes into each offline base image: `FROM scratch` plus files of this machine. Each spec
 * fills a {@link RootFs} and returns the extra Dockerfile lines that finish the image.
 */
import { join } from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RootFs, sharedLibraries } from "./rootfs.ts";
import { copyTree } from "./copy_tree.ts";

async function hostDenoDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/** One offline base image. */
export interface BaseImageSpec {
  /** Short key, e.g. `python`. */
  key: string;
  /** Image name, e.g. `denofn/base-python`. */
  image: string;
  /** What it holds, for the summary. */
  describe: string;
  /**
   * Bumped when what the image holds changes: an image built from an older revision (label
   * `denofn.base.revision`) is rebuilt.
   */
  revision?: number;
  /** Fills the rootfs; returns Dockerfile lines appended after `COPY rootfs/ /`. */
  assemble(fs: RootFs, log: (line: string) => void): Promise<string[]>;
  /**
   * What the image is made from, when that can change on this machine (e.g. the lock file): an
   * image built from another fingerprint is rebuilt.
   */
  fingerprint?(): Promise<string>;
}

async function which(program: string): Promise<string> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `command -v ${program}`],
    stdout: "piped",
  })
    .output();
  const path = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || !path) throw new Error(`Cannot find ${program} on this machine`);
  return await Deno.realPath(path);
}

async function addBusybox(fs: RootFs): Promise<string[]> {
  const candidates = ["/bin/busybox", "/usr/bin/busybox"];
  for (const c of candidates) {
    try {
      await fs.addFile(await Deno.realPath(c), "/bin/busybox", 0o755);
      return ['RUN ["/bin/busybox", "--install", "-s", "/bin"]'];
    } catch { /* try the next */ }
  }
  throw new Error("Cannot find busybox: install it with `apt-get install -y busybox-static`");
}

const ENV = "ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8";

/** Files of installed Debian packages (`dpkg -L`), regular files only. */
async function debianFiles(packages: string[]): Promise<string[]> {
  const out = await new Deno.Command("dpkg", {
    args: ["-L", ...packages],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    throw new Error(
      `Cannot list ${packages.join(", ")}: ${new TextDecoder().decode(out.stderr).trim()} ` +
        `(install them with \`apt-get install -y ${packages.join(" ")}\`)`,
    );
  }
  const files: string[] = [];
  for (const path of new TextDecoder().decode(out.stdout).split("\n")) {
    if (!path.startsWith("/") || path.startsWith("/usr/share/")) continue;
    const info = await Deno.lstat(path).catch(() => null);
    if (info?.isFile) files.push(path);
  }
  return files;
}

/** The offline base images, in build order. */
export const BASE_IMAGE_SPECS: BaseImageSpec[] = [
  {
    key: "busybox",
    image: "denofn/base-busybox",
    describe: "busybox-static (sh, nc, tr, ...)",
    async assemble(fs) {
      return [...await addBusybox(fs), ENV, 'CMD ["sh"]'];
    },
  },
  {
    key: "deno",
    image: "denofn/base-deno",
    describe: "this machine's Deno binary + its libraries + busybox",
    async assemble(fs, log) {
      const libs = await fs.addProgram(Deno.execPath(), "/usr/bin/deno");
      log(`deno binary ${Deno.version.deno} with ${libs} libraries`);
      await Deno.mkdir(join(fs.dir, "deno-dir"), { recursive: true });
      return [
        ...await addBusybox(fs),
        ENV,
        "ENV DENO_DIR=/deno-dir DENO_NO_UPDATE_CHECK=1",
        'CMD ["deno"]',
      ];
    },
  },
  {
    key: "node",
    image: "denofn/base-node",
    describe: "this machine's Node binary + its libraries + busybox",
    async assemble(fs, log) {
      const libs = await fs.addProgram(await which("node"), "/usr/bin/node");
      log(`node binary with ${libs} libraries`);
      return [...await addBusybox(fs), ENV, 'CMD ["node"]'];
    },
  },
  {
    key: "python",
    image: "denofn/base-python",
    describe: "Debian's python3.11 (minimal + stdlib packages) and pip + libraries + busybox",
    revision: 2,
    async assemble(fs, log) {
      const files = await debianFiles([
        "python3.11-minimal",
        "libpython3.11-minimal",
        "libpython3.11-stdlib",
        "python3-pip", // installs requirements.txt at image build
      ]);
      for (const f of files) await fs.addFile(f);
      let libs = await fs.addProgram("/usr/bin/python3.11");
      for (const f of files.filter((f) => f.endsWith(".so"))) {
        for (const lib of await sharedLibraries(f)) {
          await fs.addFile(lib);
          libs++;
        }
      }
      await fs.symlink("python3.11", "/usr/bin/python3");
      await fs.symlink("python3.11", "/usr/bin/python");
      log(`python3.11: ${files.length} files, ${libs} library links`);
      return [
        ...await addBusybox(fs),
        ENV,
        'RUN ["/usr/bin/python3.11", "-m", "compileall", "-q", "-j", "0", "/usr/lib/python3.11"]',
        'CMD ["python3"]',
      ];
    },
  },
  {
    key: "deno-deps",
    image: "denofn/deno-deps",
    describe: "a DENO_DIR with the platform's npm dependencies (for the platform image offline)",
    async fingerprint() {
      const root = fileURLToPath(new URL("../../../", import.meta.url));
      const texts = await Promise.all(
        ["deno.json", "deno.lock"].map((f) => Deno.readTextFile(join(root, f)).catch(() => "")),
      );
      const digest = await crypto.subtle.digest(
        "SHA-256",
        new TextEncoder().encode(texts.join("\0")),
      );
      return [...new Uint8Array(digest)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0"))
        .join("");
    },
    async assemble(fs, log) {
      const denoDir = join(fs.dir, "deno-dir");
      await copyTree(join(await hostDenoDir(), "npm"), join(denoDir, "npm"));
      const root = fileURLToPath(new URL("../../../", import.meta.url));
      const entries = ["src/main/main.ts"];
      const run = (args: string[]) =>
        new Deno.Command(Deno.execPath(), { args, cwd: root, env: { DENO_DIR: denoDir } }).output();
      const cached = await run(["cache", ...entries.filter((e) => existsSync(join(root, e)))]);
      if (!cached.success) throw new Error(new TextDecoder().decode(cached.stderr));
      // `deno bundle` (the registry's Deno builder) fetches its own esbuild on first use.
      const probe = join(fs.dir, "bundle_probe.ts");
      await Deno.writeTextFile(probe, "export default 1;\n");
      const bundled = await run(["bundle", "--no-lock", "--no-config", probe]);
      await Deno.remove(probe);
      if (!bundled.success) throw new Error(new TextDecoder().decode(bundled.stderr));
      log("npm dependencies and deno bundle's esbuild cached");
      return ['CMD ["/deno-dir"]'];
    },
  },
  {
    key: "nats",
    image: "denofn/nats",
    describe: "Debian's nats-server + busybox (NATS JetStream for docker-compose.scale.yml)",
    async assemble(fs, log) {
      const libs = await fs.addProgram(await which("nats-server"), "/usr/bin/nats-server");
      log(`nats-server with ${libs} libraries`);
      return [
        ...await addBusybox(fs),
        ENV,
        "EXPOSE 4222 8222",
        'ENTRYPOINT ["/usr/bin/nats-server"]',
        'CMD ["-js", "-sd", "/data", "-m", "8222"]',
      ];
    },
  },
  {
    key: "docker-cli",
    image: "denofn/docker-cli",
    describe: "this machine's docker CLI (for the platform image in docker-compose)",
    async assemble(fs) {
      await fs.addProgram(await which("docker"), "/usr/local/bin/docker");
      return [ENV, 'CMD ["docker"]'];
    },
  },
];
