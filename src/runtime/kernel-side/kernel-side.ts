/**
 * The kernel half of a session: pass 4 (maps created, programs through the verifier, nothing
 * attached) and, in pass 5, attaching, streaming the ring buffer, stopping and detaching. All of
 * it is tracked by one KernelSession so it goes away together however the run ends; the kernel
 * frees the rest when the process dies (nothing is pinned).
 *
 * Stopping is two steps: the state slot goes to STOPPING (or ERROR) at once, so handlers stop
 * doing anything within a microsecond; then detaching starts off the event loop, the handlers
 * still running are waited for (one RCU grace period), and the ring is drained one last time
 * before the end probes run. The end probes do not wait for the detach; `close` does.
 */

import { resolveMaps, spanAtSlot } from '../../bpf/index.js';
import type { KernelCompileResult, KernelProgram } from '../../compile/index.js';
import type { Diagnostic } from '../../diag/index.js';
import type { Variable } from '../../elaborate/index.js';
import {
  attachRawTracepoint,
  attachTracepoint,
  attachUprobe,
  type BpfMap,
  KernelSession,
  type MapType,
  type ProgramLoadError,
  type RingBufferPoller,
  verifierLogTail,
} from '../../kernel/index.js';
import {
  type MapDecl,
  type MapKind,
  SESSION_STATE,
  STATE_OFFSET,
  STATE_VALUE_BYTES,
} from '../../wire/index.js';
import { tokenAt } from '../codegen/sites.js';
import type { HistogramOptions } from '../format/histogram.js';
import type { GlobalStore } from '../store/index.js';
import { attachPerf } from './attach-perf.js';
import { hybridStore } from './bpf-store.js';
import { ByteOutput } from './byte-output.js';
import { fastRecordDecoder } from './fast-records.js';
import { histogramLookup } from './histogram-read.js';
import { type RecordSink, recordDecoder } from './records.js';

const MAP_TYPES = {
  array: 'array',
  hash: 'hash',
  lru_hash: 'lru_hash',
  percpu_array: 'percpu_array',
  percpu_hash: 'percpu_hash',
  lru_percpu_hash: 'lru_percpu_hash',
  ringbuf: 'ringbuf',
} as const satisfies Record<MapKind, MapType>;

/** How often user space looks at the state slot (a kernel exit() whose record was lost). */
const STATE_POLL_MS = 50;

export interface KernelEvents extends RecordSink {
  /** The state slot left RUNNING without a record saying so. */
  stateChanged(state: 'stopping' | 'error'): void;
}

export type KernelOpenResult =
  | { readonly ok: true; readonly side: KernelSide }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export class KernelSide {
  readonly #session: KernelSession;
  readonly #kernel: KernelCompileResult;
  readonly #maps: ReadonlyMap<string, BpfMap>;
  readonly #programs: readonly { readonly program: KernelProgram; readonly fd: number }[];
  #poller: RingBufferPoller | undefined;
  #stateTimer: NodeJS.Timeout | undefined;
  readonly #stateKey = Buffer.alloc(4);
  readonly #state = Buffer.alloc(STATE_VALUE_BYTES);
  #symbolFiles: readonly string[] = [];

  private constructor(
    session: KernelSession,
    kernel: KernelCompileResult,
    maps: ReadonlyMap<string, BpfMap>,
    programs: readonly { readonly program: KernelProgram; readonly fd: number }[],
  ) {
    this.#session = session;
    this.#kernel = kernel;
    this.#maps = maps;
    this.#programs = programs;
  }

  /** Pass 4: every map created, every program loaded (verified); nothing attached. */
  static open(kernel: KernelCompileResult): KernelOpenResult {
    const session = new KernelSession();
    const fail = (diagnostics: Diagnostic[]): KernelOpenResult => {
      session.closeSync();
      return { ok: false, diagnostics };
    };
    const maps = new Map<string, BpfMap>();
    for (const m of kernel.maps) {
      const r = session.createMap({
        name: m.name,
        type: MAP_TYPES[m.kind],
        keySize: m.keyBytes,
        valueSize: m.valueBytes,
        maxEntries: m.maxEntries,
      });
      if (!r.ok) return fail([buildError(`cannot create BPF map ${m.name}: ${r.message}`)]);
      maps.set(m.symbol, r.value);
      const filled = fillTable(r.value, m.contents);
      if (filled !== undefined) return fail([buildError(`cannot fill BPF map ${m.name}: ${filled}`)]);
    }
    const fds = new Map([...maps].map(([symbol, map]) => [symbol, map.fd] as const));
    const programs: { program: KernelProgram; fd: number }[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const p of kernel.programs) {
      const r = session.loadProgram({
        name: p.name,
        type: p.type,
        instructions: resolveMaps(p.assembled, fds),
      });
      if (r.ok) programs.push({ program: p, fd: r.value.fd });
      else diagnostics.push(verifierError(p, r));
    }
    if (diagnostics.length > 0) return fail(diagnostics);
    return { ok: true, side: new KernelSide(session, kernel, maps, programs) };
  }

  /** The session's global store: the globals kernel handlers touch over their maps. */
  store(memory: GlobalStore, globals: readonly Variable[]): GlobalStore {
    return hybridStore(memory, globals, this.#kernel.storage, this.#maps);
  }

  /** Attaches every program (after the begin probes); an error message when one fails. */
  attach(targetPid: number): string | undefined {
    this.#writeStateField(STATE_OFFSET.realtimeOffsetNs, realtimeOffsetNs());
    this.#writeStateField(STATE_OFFSET.targetPid, BigInt(targetPid));
    for (const { program, fd } of this.#programs) {
      const { system, event } = program.attach;
      const uprobe = program.uprobe;
      const r = this.#session.attached(
        uprobe !== undefined
          ? attachUprobe(fd, uprobe.path, uprobe.offset, uprobe.retprobe, {
              ...(uprobe.refCtrOffset === undefined ? {} : { refCtrOffset: Number(uprobe.refCtrOffset) }),
            })
          : program.perf !== undefined
            ? attachPerf(fd, program.probe.name, program.perf)
            : program.type === 'raw_tracepoint'
              ? attachRawTracepoint(fd, event)
              : attachTracepoint(fd, system, event),
      );
      if (!r.ok) return `cannot attach ${program.probe.name}: ${r.message}`;
    }
    return undefined;
  }

  /** `-d FILE`: binaries whose symbols serve user addresses of processes gone by decoding time. */
  useSymbolFiles(files: readonly string[]): void {
    this.#symbolFiles = files;
  }

  /** Streams records to `events` until `stop`; `histogram`: how kernel prints draw charts. */
  start(events: KernelEvents, maxStringLen: number, histogram: HistogramOptions = {}): void {
    const ringMap = this.#maps.get('output');
    if (ringMap === undefined) throw new Error('no ring buffer map');
    const ring = this.#session.openRingBuffer(ringMap);
    if (!ring.ok) throw new Error(`cannot map the ring buffer: ${ring.message}`);
    // Output bytes reach the sink as a string of one char per byte, as script output is.
    const out = new ByteOutput((bytes) =>
      events.output(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')),
    );
    this.#poller = this.#session.pollRingBuffer(
      ring.value,
      fastRecordDecoder(
        this.#kernel.outputSites,
        recordDecoder(
          this.#kernel,
          maxStringLen,
          events,
          histogramLookup(this.#maps, histogram),
          this.#symbolFiles,
        ),
        out,
      ),
      { onDrained: () => out.flush() },
    );
    this.#stateTimer = setInterval(() => {
      const state = this.#readState(STATE_OFFSET.state);
      if (state === BigInt(SESSION_STATE.stopping)) events.stateChanged('stopping');
      else if (state === BigInt(SESSION_STATE.error)) events.stateChanged('error');
    }, STATE_POLL_MS);
    this.#stateTimer.unref();
  }

  /** Stops every kernel handler now: the state slot leaves RUNNING (ERROR wins over STOPPING). */
  requestStop(error: boolean): void {
    const state = this.#readState(STATE_OFFSET.state);
    if (state === BigInt(SESSION_STATE.error)) return;
    this.#writeStateField(STATE_OFFSET.state, BigInt(error ? SESSION_STATE.error : SESSION_STATE.stopping));
  }

  /**
   * Starts detaching, waits for the handlers that were running when the state slot left RUNNING
   * (after which none writes a record), and delivers what is left in the ring.
   */
  async stop(): Promise<void> {
    if (this.#stateTimer !== undefined) clearInterval(this.#stateTimer);
    this.#stateTimer = undefined;
    this.#poller?.stop();
    const detached = this.#session.detach();
    // Awaited (and any failure reported) by `close`.
    detached.catch(() => undefined);
    // Without the grace-period wait, the detach's own waits have to do.
    if (!this.#session.waitForRunningPrograms().ok) await detached;
    this.#poller?.drain();
  }

  /** Records the ring buffer had no room for. */
  lostRecords(): number {
    return Number(this.#readState(STATE_OFFSET.lostRecords));
  }

  get ringBufferMb(): number {
    const ring = this.#kernel.maps.find((m) => m.kind === 'ringbuf');
    return (ring?.maxEntries ?? 0) / (1 << 20);
  }

  async close(): Promise<void> {
    if (this.#stateTimer !== undefined) clearInterval(this.#stateTimer);
    await this.#session.close();
  }

  #readState(offset: number): bigint {
    const map = this.#maps.get('state');
    if (map === undefined || map.isClosed) return 0n;
    const r = map.lookupInto(this.#stateKey, this.#state);
    return r.ok && r.value ? this.#state.readBigInt64LE(offset) : 0n;
  }

  #writeStateField(offset: number, value: bigint): void {
    const map = this.#maps.get('state');
    if (map === undefined) return;
    // Read-modify-write of the whole slot: only user space writes these fields concurrently
    // with kernel handlers that only add to the counters, which a lost update would undercount.
    map.lookupInto(this.#stateKey, this.#state);
    this.#state.writeBigInt64LE(BigInt.asIntN(64, value), offset);
    map.update(this.#stateKey, this.#state);
  }
}

/** CLOCK_REALTIME − CLOCK_MONOTONIC (bpf_ktime_get_ns's clock), in ns. */
function realtimeOffsetNs(): bigint {
  const monotonic = process.hrtime.bigint();
  const realtime = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  return realtime - monotonic;
}

/** Writes a lookup table's entries (array maps keyed by u32); an error message on failure. */
function fillTable(map: BpfMap, contents: MapDecl['contents']): string | undefined {
  if (contents === undefined) return undefined;
  const key = new Uint8Array(4);
  const view = new DataView(key.buffer);
  for (const entry of contents) {
    view.setUint32(0, entry.key, true);
    const r = map.update(key, entry.value);
    if (!r.ok) return r.message;
  }
  return undefined;
}

function buildError(message: string): Diagnostic {
  return { category: 'build', severity: 'error', code: 'B400', message };
}

/** The last instruction the verifier looked at: the line `N: (xx) ...` nearest the end. */
function failingSlot(log: string): number | undefined {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+): \([0-9a-f]{2}\)/.exec(lines[i]!);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

/** A verifier rejection at the script line and column of the failing instruction. */
function verifierError(p: KernelProgram, error: ProgramLoadError): Diagnostic {
  const slot = failingSlot(error.verifierLog);
  const span = slot === undefined ? undefined : spanAtSlot(p.assembled, slot);
  const tail = verifierLogTail(error.verifierLog, 6);
  return {
    category: 'build',
    severity: 'error',
    code: 'B401',
    message: `the BPF verifier rejected the handler of ${p.probe.name}${slot === undefined ? '' : ` at instruction ${slot}`}`,
    ...(span === undefined ? {} : { span, subject: { label: 'at', description: tokenAt(span) } }),
    notes: tail === '' ? [error.message] : tail.split('\n').map((l) => `verifier: ${l}`),
  };
}
