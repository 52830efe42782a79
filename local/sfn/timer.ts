import { MAX_TIMER_MS } from '../lambda-context.js';

export interface Timer {
  cancel(): void;
}

/** Calls `fn` at the absolute time `atMs`, re-arming past Node's ~24.8-day timer limit. */
export function timerAt(atMs: number, fn: () => void): Timer {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (): void => {
    if (cancelled) return;
    const delay = atMs - Date.now();
    if (delay <= 0) {
      handle = setTimeout(fn, 0);
    } else if (delay > MAX_TIMER_MS) {
      handle = setTimeout(arm, MAX_TIMER_MS);
    } else {
      handle = setTimeout(fn, delay);
    }
    handle.unref();
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(handle);
    },
  };
}
