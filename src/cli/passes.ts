import type { DumpMode, PassNumber } from './options.js';

/** stap's passes by number, named as our "not implemented yet" message names them. */
export const PASS_NAMES = {
  1: 'parsing',
  2: 'elaboration',
  3: 'translation',
  4: 'build',
  5: 'run',
} as const satisfies Record<PassNumber, string>;

/** The passes that exist so far; `-p N` beyond the last one stops at the first missing pass. */
export const LAST_IMPLEMENTED_PASS: PassNumber = 1;

/** The pass whose output a listing/dump mode prints. */
export function passForDump(dump: DumpMode): PassNumber {
  switch (dump.kind) {
    case 'none':
      return 5;
    case 'matched-probes':
    case 'probe-types':
    case 'probe-aliases':
    case 'functions':
      return 2;
    case 'features':
      // Kernel feature probes load tiny programs: the build pass's machinery.
      return 4;
  }
}

/** The message for a pass that does not exist yet (the first one after the implemented ones). */
export function notImplementedMessage(requestedPass: PassNumber): string | undefined {
  if (requestedPass <= LAST_IMPLEMENTED_PASS) return undefined;
  const missing = (LAST_IMPLEMENTED_PASS + 1) as PassNumber;
  return `tstap: pass ${missing} (${PASS_NAMES[missing]}) is not implemented yet`;
}
