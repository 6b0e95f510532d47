/**
 * Client-side routing over real links: `<a href="/ui/...">` works with the keyboard, opens in a
 * new tab, and is taken over by {@link navigate} for same-page moves.
 */
import { useEffect, useState } from "preact/hooks";

const EVENT = "denofn:navigate";

/** Moves to a `/ui` path without reloading. */
export function navigate(to: string): void {
  history.pushState(null, "", to);
  dispatchEvent(new Event(EVENT));
  scrollTo(0, 0);
}

/** The current path and query, updated on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const read = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const update = () => setWhere(read());
    addEventListener("popstate", update);
    addEventListener(EVENT, update);
    return () => {
      removeEventListener("popstate", update);
      removeEventListener(EVENT, update);
    };
  }, []);
  return where;
}

/** Takes over plain left clicks on same-origin `/ui` links (not `/ui/login` or downloads). */
export function interceptLinks(): void {
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const a = (e.target as Element | null)?.closest?.("a");
    if (!a || a.target || a.hasAttribute("download") || a.origin !== location.origin) return;
    if (!a.pathname.startsWith("/ui") || a.pathname.startsWith("/ui/login")) return;
    if (a.pathname.startsWith("/ui/api") || a.pathname.startsWith("/ui/assets")) return;
    e.preventDefault();
    if (a.pathname + a.search !== location.pathname + location.search) {
      navigate(a.pathname + a.search + a.hash);
    }
  });
}

/** A route pattern's parameters, e.g. `match("/ui/functions/:name", path)`. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const a = pattern.split("/");
  const b = path.replace(/\/$/, "").split("/");
  if (a.length !== b.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(":")) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return undefined;
  }
  return params;
}
