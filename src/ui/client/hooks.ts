/** Small hooks: data loaded (and polled) from the admin API. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/** What {@link useData} holds. */
export interface Data<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` now and, with `everyMs`, again on that period while the page is visible (no
 * reload needed to see changes). A change of `deps` starts over.
 */
export function useData<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  everyMs?: number,
): Data<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const data = await loadRef.current(stop.signal);
        if (!stop.signal.aborted) setState({ data, loading: false });
      } catch (e) {
        if (!stop.signal.aborted) {
          setState((s) => ({ ...s, error: (e as Error).message, loading: false }));
        }
      }
      if (everyMs && !stop.signal.aborted) {
        // A hidden tab skips a round instead of asking.
        const again = () => document.hidden ? void (timer = setTimeout(again, everyMs)) : run();
        timer = setTimeout(again, everyMs);
      }
    };
    setState((s) => ({ ...s, loading: true }));
    run();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
