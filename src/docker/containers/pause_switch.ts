/**
 * Pauses and resumes one container through the Engine API (`POST /containers/<id>/pause` and
 * `/unpause`: the cgroup freezer, so a paused container takes no CPU and keeps its memory), one
 * operation at a time: a resume asked for while a pause is under way waits for it, then undoes it.
 */
import type { Engine } from "../engine/engine.ts";

/** The pause state of one container. */
export class PauseSwitch {
  /** What was asked last: paused or running. */
  #wanted = false;
  /** What the engine did last. */
  #frozen = false;
  #chain: Promise<void> = Promise.resolve();

  /**
   * @param onError told when the engine refuses (the container is then treated as running: a
   *   call to it fails as to any broken instance).
   */
  constructor(
    private readonly engine: Engine,
    private readonly containerId: string,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Whether it is paused, or being paused. */
  get paused(): boolean {
    return this.#wanted || this.#frozen;
  }

  /** Pauses the container (in the background; a later {@link resume} waits for it). */
  pause(): void {
    this.#wanted = true;
    this.#then(async () => {
      if (!this.#wanted || this.#frozen) return;
      await this.engine.json("POST", `/containers/${this.containerId}/pause`);
      this.#frozen = true;
    });
  }

  /** Resumes the container; resolves once it runs (at once when it is not paused). */
  resume(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    this.#wanted = false;
    return this.#then(async () => {
      if (this.#wanted || !this.#frozen) return;
      this.#frozen = false;
      await this.engine.json("POST", `/containers/${this.containerId}/unpause`);
    });
  }

  /** Resolves once every operation asked for so far is done. */
  settled(): Promise<void> {
    return this.#chain;
  }

  #then(op: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(op).catch((e) => this.onError((e as Error).message));
    return this.#chain;
  }
}
