/**
 * The session-state slot: one ARRAY map value shared by every kernel handler and the runtime.
 * Each handler reads `state` first and does nothing unless it is RUNNING (stap's
 * `session_state()` check), so `exit()`, an error shutdown or Ctrl-C stops the kernel side at
 * once, long before the (slow) detach finishes. All fields are u64 at the offsets below.
 */
export const SESSION_STATE = {
  running: 0,
  /** `exit()` was called, or the runtime is shutting down. */
  stopping: 1,
  /** More than MAXERRORS runtime errors: end probes are skipped. */
  error: 2,
} as const;

export const STATE_OFFSET = {
  state: 0,
  /** Runtime errors raised in kernel handlers (compared with MAXERRORS in the kernel). */
  errors: 8,
  /** Records the ring buffer had no room for. */
  lostRecords: 16,
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC in ns, set at start: `gettimeofday_ns()` in the kernel. */
  realtimeOffsetNs: 24,
  /** `target()`: the `-x` / `-c` process id. */
  targetPid: 32,
} as const;

export const STATE_VALUE_BYTES = 40;

/** The name of the state map (and of every map tstap creates: see globals.ts). */
export const STATE_MAP = 'stap_state';
