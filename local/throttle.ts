// Sign-in attempts per key (a client address) in a sliding window, in memory: the local stack is
// one process, and a restart forgetting the window is harmless next to the per-account lock,
// which lives in the table.
import type { SignInThrottle } from '../shared/app/ports.js';

export function memoryThrottle(limit: { attempts: number; windowSeconds: number }): SignInThrottle {
  const windowMs = limit.windowSeconds * 1000;
  const attempts = new Map<string, number[]>();
  return {
    take(key, now) {
      const t = now.getTime();
      const recent = (attempts.get(key) ?? []).filter((at) => at > t - windowMs);
      if (recent.length >= limit.attempts) {
        attempts.set(key, recent);
        const oldest = recent[0] ?? t;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - t) / 1000)) };
      }
      recent.push(t);
      attempts.set(key, recent);
      return { allowed: true };
    },
    refund(key) {
      const recent = attempts.get(key);
      recent?.pop();
      if (recent?.length === 0) attempts.delete(key);
    },
  };
}
