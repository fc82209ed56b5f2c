import { useEffect, useRef, useState } from 'react';

export interface Fetched<T> {
  /** The last data loaded (kept while a newer key loads, so layers do not blink). */
  data: T | null;
  /** The key `data` was loaded for. */
  dataKey: string | null;
  error: Error | null;
  loading: boolean;
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/**
 * Loads `load()` whenever `key` changes (null: load nothing, keep what is there). A newer key aborts
 * the older request, so a slow answer for old filters can never replace the current one.
 */
export function useFetch<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ data: null, dataKey: null, error: null, loading: false });
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (key === null) {
      setState((s) => (s.loading || s.error ? { ...s, loading: false, error: null } : s));
      return;
    }
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    latest
      .current(ctrl.signal)
      .then((data) => {
        if (!ctrl.signal.aborted) setState({ data, dataKey: key, error: null, loading: false });
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted || isAbort(e)) return;
        setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e : new Error(String(e)) }));
      });
    return () => ctrl.abort();
  }, [key]);
  return state;
}
