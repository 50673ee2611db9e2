/**
 * The one module that talks to the FFI package. Everything the kernel layer needs from libc
 * passes through the few functions below, each with a plain TypeScript signature, so this file
 * can be replaced by an N-API addon with the same exports without touching anything else.
 *
 * Conventions: a system call returns its non-negative result, or `-errno` on failure (errno is
 * read immediately after the call, before any other FFI call can overwrite it). Nothing here
 * throws for a kernel refusal.
 */
import koffi from 'koffi';

/** glibc first; musl's loader names its libc differently. */
function loadLibc(): ReturnType<typeof koffi.load> {
  const names = ['libc.so.6', `libc.musl-${process.arch === 'x64' ? 'x86_64' : 'aarch64'}.so.1`];
  for (const name of names) {
    try {
      return koffi.load(name);
    } catch {
      // try the next name
    }
  }
  throw new Error(`tstap: cannot load the C library (tried ${names.join(', ')})`);
}

const libc = loadLibc();

/** System call numbers per architecture (asm/unistd_64.h, asm-generic/unistd.h). */
const SYSCALL_NUMBERS: Readonly<Record<string, { readonly bpf: number; readonly perf_event_open: number }>> =
  {
    x64: { bpf: 321, perf_event_open: 298 },
    arm64: { bpf: 280, perf_event_open: 241 },
  };

/** Undefined on other architectures: the calls then fail with ENOSYS. */
const NR = SYSCALL_NUMBERS[process.arch];
const ENOSYS = 38;

// glibc's syscall() is variadic, but it is written in assembly and reads its arguments from the
// integer registers only, so a fixed integer prototype is ABI-safe on x86_64 and arm64.
const syscallBpf = libc.func('long syscall(long nr, int cmd, void *attr, uint32_t size)');
const syscallPerfEventOpen = libc.func(
  'long syscall(long nr, void *attr, int pid, int cpu, int group_fd, unsigned long flags)',
);
const libcIoctl = libc.func('int ioctl(int fd, unsigned long request, unsigned long arg)');
const libcClose = libc.func('int close(int fd)');
const libcMmap = libc.func(
  'void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)',
);
const libcMunmap = libc.func('int munmap(void *addr, size_t length)');
const libcMount = libc.func(
  'int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)',
);
const libcStrerror = libc.func('const char *strerror(int errnum)');
const libcGetpagesize = libc.func('int getpagesize()');

function result(r: number | bigint): number {
  const n = Number(r);
  return n < 0 ? -koffi.errno() : n;
}

/** bpf(2). `attr` is passed by reference; `keepAlive` holds buffers whose addresses it contains. */
export function bpfSyscall(cmd: number, attr: Uint8Array, ..._keepAlive: readonly Uint8Array[]): number {
  if (NR === undefined) return -ENOSYS;
  return result(syscallBpf(NR.bpf, cmd, attr, attr.byteLength));
}

/** perf_event_open(2). `keepAlive` holds buffers whose addresses `attr` contains (uprobe path). */
export function perfEventOpenSyscall(
  attr: Uint8Array,
  pid: number,
  cpu: number,
  groupFd: number,
  flags: number,
  ..._keepAlive: readonly Uint8Array[]
): number {
  if (NR === undefined) return -ENOSYS;
  return result(syscallPerfEventOpen(NR.perf_event_open, attr, pid, cpu, groupFd, flags));
}

/** ioctl(2) with an integer argument. */
export function ioctlSyscall(fd: number, request: number, arg: number): number {
  return result(libcIoctl(fd, request, arg));
}

export function closeSyscall(fd: number): number {
  return result(libcClose(fd));
}

/**
 * How many closes run at once on libuv's thread pool (shared with fs and crypto: 4 threads by
 * default). Closing perf events is serialized in the kernel (tracepoint unregistration waits
 * for RCU under a mutex), so more parallelism barely helps and would starve other users.
 */
const MAX_PARALLEL_CLOSES = 2;
let closesInFlight = 0;
const closeQueue: (() => void)[] = [];

function startAsyncClose(fd: number, resolve: (r: number) => void): void {
  closesInFlight++;
  const done = (r: number): void => {
    closesInFlight--;
    resolve(r);
    closeQueue.shift()?.();
  };
  try {
    libcClose.async(fd, (err: unknown, r: number) => {
      // errno of a worker-thread call is not observable from here: a failure is -1.
      done(err === null || err === undefined ? (r < 0 ? -1 : r) : -1);
    });
  } catch {
    // koffi refuses when too many asynchronous calls are pending: close on this thread.
    done(result(libcClose(fd)));
  }
}

/**
 * close(2) on a worker thread: closing a perf event or a BPF link can block for 30–100 ms in
 * the kernel (RCU grace periods), which must not stall the event loop.
 */
export function closeSyscallAsync(fd: number): Promise<number> {
  return new Promise((resolve) => {
    if (closesInFlight < MAX_PARALLEL_CLOSES) startAsyncClose(fd, resolve);
    else closeQueue.push(() => startAsyncClose(fd, resolve));
  });
}

/** mmap(2): the mapping's address, or `-errno`. */
export function mmapSyscall(length: number, prot: number, flags: number, fd: number, offset: number): bigint {
  const p: bigint | null = libcMmap(null, length, prot, flags, fd, offset);
  // MAP_FAILED is (void *)-1; koffi returns pointers as bigints and NULL as null.
  if (p === null || p === 0xffff_ffff_ffff_ffffn) return BigInt(-koffi.errno());
  return p;
}

export function munmapSyscall(address: bigint, length: number): number {
  return result(libcMunmap(address, length));
}

export function mountSyscall(source: string, target: string, fstype: string, flags: number): number {
  return result(libcMount(source, target, fstype, flags, null));
}

/** The address of a typed array's first byte (its byteOffset included). */
export function addressOf(bytes: Uint8Array): bigint {
  return koffi.address(bytes);
}

/**
 * An ArrayBuffer over `length` bytes at `address`, without copying. It has no finalizer and is
 * not tied to the mapping: reading it after the memory is unmapped crashes the process.
 */
export function viewOfMemory(address: bigint, length: number): ArrayBuffer {
  return koffi.view(address, length);
}

export function strerror(errno: number): string {
  const s: string | null = libcStrerror(errno);
  return s ?? `errno ${errno}`;
}

export function pageSize(): number {
  return libcGetpagesize();
}

/** A readiness watcher on a file descriptor, integrated with the event loop (a libuv uv_poll_t). */
export interface FdPoller {
  /** Watch for readability again, calling `onReadable` from the event loop. */
  start(): void;
  /** Stop watching until `start()`. */
  stop(): void;
  /** Release the watcher; it cannot be started again. */
  close(): void;
  /** Do not keep the event loop alive for this watcher alone. */
  unref(): void;
}

interface KoffiPollHandle {
  start(opts: { readable: boolean }, cb: (...args: unknown[]) => void): void;
  stop(): void;
  close(): void;
  unref(): void;
}

/**
 * `koffi.node.poll`: undocumented in koffi 3 and pinned by version. The native code calls the
 * callback with `(status, events)` although its `.d.ts` says `(events)`; we ignore both and
 * treat every call as "maybe readable" (a spurious drain is harmless). Returns undefined when the
 * running koffi lacks it, so callers fall back to interval polling.
 */
export function pollReadable(fd: number, onReadable: () => void): FdPoller | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: koffi.node is typed loosely and may be absent.
  const node: any = (koffi as any).node;
  if (node === undefined || typeof node.poll !== 'function') return undefined;
  const cb = (): void => onReadable();
  const handle: KoffiPollHandle = node.poll(fd, { readable: true }, cb);
  let closed = false;
  return {
    start: () => {
      if (!closed) handle.start({ readable: true }, cb);
    },
    stop: () => {
      if (!closed) handle.stop();
    },
    close: () => {
      if (closed) return;
      closed = true;
      handle.close();
    },
    unref: () => handle.unref(),
  };
}
