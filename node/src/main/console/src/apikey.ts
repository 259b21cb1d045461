// The API key this page is using, shared by the Wallet page (which makes or shows one) and the
// playground. It lives in memory only: never in storage, gone on reload.
import { useEffect, useState } from 'preact/hooks';

let current = '';
const watchers = new Set<(key: string) => void>();

export function setSessionApiKey(key: string): void {
  current = key;
  watchers.forEach((watch) => watch(key));
}

export function useSessionApiKey(): string {
  const [key, setKey] = useState(current);
  useEffect(() => {
    watchers.add(setKey);
    return () => { watchers.delete(setKey); };
  }, []);
  return key;
}
