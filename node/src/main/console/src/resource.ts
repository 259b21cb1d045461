import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api';
import { subscribe, type LedgerEvent } from './events';

export interface Resource<T> {
  data?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Fetches one API resource and refetches it when an event says it changed. A burst of events
 * (the ledger ticks every second, a training job reports every few steps) makes one refetch per
 * `delayMs` at most, and never two at once; the old data stays on screen meanwhile.
 */
export function useResource<T>(path: string | null, affectedBy: (event: LedgerEvent) => boolean,
  delayMs = 1000): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ loading: path !== null });
  // The latest filter, without resubscribing when a render passes a new function.
  const affected = useRef(affectedBy);
  affected.current = affectedBy;

  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    let disposed = false;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    const load = async () => {
      inFlight = true;
      try {
        const data = await getJson<T>(path, controller.signal);
        if (!disposed) setState({ data, loading: false });
      } catch (error) {
        if (!disposed) setState((old) => ({ data: old.data, error: error as Error, loading: false }));
      } finally {
        inFlight = false;
        if (again && !disposed) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (inFlight) {
          again = true;
        } else {
          void load();
        }
      }, delayMs);
    };

    setState({ loading: true });
    void load();
    const unsubscribe = subscribe((event) => {
      if (affected.current(event)) schedule();
    });
    return () => {
      disposed = true;
      controller.abort();
      clearTimeout(timer);
      unsubscribe();
    };
  }, [path, delayMs]);

  return state;
}
