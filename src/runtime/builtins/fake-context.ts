/** A HandlerContext over an in-memory session, for the builtins' tests. */
import type { HandlerContext, Limits, SessionControl, SessionTimezone } from '../context.js';

export interface FakeSession {
  readonly ctx: HandlerContext;
  /** What the script wrote to its output and to stderr. */
  readonly output: string[];
  readonly errors: string[];
  readonly exitRequests: number;
  /** The commands `system()` asked for. */
  readonly commands: string[];
}

export interface FakeOptions {
  readonly maxStringLen?: number;
  readonly pp?: string;
  readonly pn?: string;
  readonly targetPid?: number;
  readonly hz?: number;
  readonly timezone?: SessionTimezone;
}

const DEFAULT_LIMITS: Limits = {
  MAXSTRINGLEN: 512,
  MAXMAPENTRIES: 2048,
  MAXACTION: 1000,
  MAXNESTING: 10,
  MAXERRORS: 0,
  MAXSKIPPED: 100,
  HIST_WIDTH: 50,
  HIST_ELISION: 2,
};

export function fakeSession(options: FakeOptions = {}): FakeSession {
  const output: string[] = [];
  const errors: string[] = [];
  const commands: string[] = [];
  const fake: { exitRequests: number } = { exitRequests: 0 };
  const session: SessionControl = {
    write: (text) => void output.push(text),
    writeError: (text) => void errors.push(text),
    requestExit: () => {
      fake.exitRequests++;
    },
    system: (command) => void commands.push(command),
    targetPid: options.targetPid ?? 0,
    args: [],
    limits: { ...DEFAULT_LIMITS, MAXSTRINGLEN: options.maxStringLen ?? DEFAULT_LIMITS.MAXSTRINGLEN },
    startTimeNs: 0n,
    hz: options.hz ?? 250,
    timezone: options.timezone ?? { secondsWestOfUtc: 0, name: 'UTC' },
  };
  const ctx: HandlerContext = {
    session,
    pp: options.pp ?? 'begin',
    pn: options.pn ?? 'begin',
    lastMatch: undefined,
    tokenizeState: undefined,
  };
  return {
    ctx,
    output,
    errors,
    commands,
    get exitRequests() {
      return fake.exitRequests;
    },
  };
}
