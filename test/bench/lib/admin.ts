/**
 * The few admin API calls the bench makes (on 127.0.0.1 only): a function's instances, its
 * build status and a restart, with a token the bench gives the gateway (`DENOFN_ADMIN_TOKEN`).
 * @module
 */

/** One live instance as the admin API lists it. */
export interface InstanceView {
  id: string;
  kind: "process" | "container";
  pid?: number;
  containerId?: string;
  inFlight: number;
}

/** A random admin token for a bench gateway (at least 16 characters). */
export function benchToken(): string {
  return `bench-${crypto.randomUUID()}`;
}

/** Admin API client of a gateway on 127.0.0.1:`port`. */
export class Admin {
  constructor(readonly port: number, readonly token: string) {}

  async #call(method: string, path: string): Promise<Record<string, unknown>> {
    const res = await fetch(`http://127.0.0.1:${this.port}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}` },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Cannot ${method} /admin${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  }

  /** The function's live instances. */
  async instances(name: string): Promise<InstanceView[]> {
    return (await this.#call("GET", `/functions/${name}`)).instances as InstanceView[];
  }

  /** The function's status (`ready`, `building`, `failed`); undefined while unknown. */
  async status(name: string): Promise<{ status: string; error?: string } | undefined> {
    try {
      const f = await this.#call("GET", `/functions/${name}`);
      return { status: String(f.status), error: f.error as string | undefined };
    } catch {
      return undefined;
    }
  }

  /** Drains the function's instances; the next call starts a fresh one. */
  async restart(name: string): Promise<void> {
    await this.#call("POST", `/functions/${name}/restart`);
  }

  /**
   * Polls (every `everyMs`) until `ok(instances)` or `timeoutMs` pass; returns whether it held
   * and the last list seen.
   */
  async waitInstances(
    name: string,
    ok: (xs: InstanceView[]) => boolean,
    timeoutMs: number,
    everyMs = 20,
  ): Promise<{ held: boolean; instances: InstanceView[] }> {
    const t0 = performance.now();
    for (;;) {
      const xs = await this.instances(name);
      if (ok(xs)) return { held: true, instances: xs };
      if (performance.now() - t0 > timeoutMs) return { held: false, instances: xs };
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  /** Waits until every function in `names` is `ready` (throws on a failed build or timeout). */
  async waitReady(names: string[], timeoutMs: number): Promise<void> {
    const t0 = performance.now();
    for (const name of names) {
      for (;;) {
        const s = await this.status(name);
        if (s?.status === "ready") break;
        if (s?.status === "failed") {
          throw new Error(`Cannot bench ${name}: its build is ${s.status}: ${s.error}`);
        }
        if (performance.now() - t0 > timeoutMs) {
          throw new Error(`Cannot bench ${name}: not ready within ${timeoutMs / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
