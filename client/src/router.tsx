// A small history-API router: every page and every filter state has a shareable URL.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

type Location = { path: string; params: URLSearchParams };
const listeners = new Set<() => void>();
const read = (): Location => ({ path: window.location.pathname, params: new URLSearchParams(window.location.search) });

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  if (!options.replace) {
    window.scrollTo(0, 0);
    // Move focus to the main content so screen-reader and keyboard users land on the new page.
    requestAnimationFrame(() => document.getElementById('contenu')?.focus());
  }
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** Replaces some query parameters (empty values removed) and keeps the others. */
export function withParams(path: string, params: URLSearchParams, changes: Record<string, string | string[] | null | undefined>): string {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    next.delete(k);
    if (Array.isArray(v)) v.filter(Boolean).forEach((x) => next.append(k, x));
    else if (v) next.set(k, v);
  }
  const q = next.toString();
  return q ? `${path}?${q}` : path;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!href.startsWith('/') || rest.target) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
