/**
 * A child process for the cleanup tests: loads maps, a program attached to a tracepoint, a
 * mapped ring buffer and a BTF object through a KernelSession, prints their ids as one JSON
 * line, and waits to be killed. Usage: node hold-objects.js TAG [guard]
 */
import { BtfBuilder, loadBtf } from '../btf/index.js';
import { attachTracepoint } from '../link/index.js';
import { KernelSession } from '../session.js';
import { linkInfo, mapInfo } from '../sys/index.js';
import { countHits } from './programs.js';

function must<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) {
    process.stderr.write(`${r.message}\n`);
    process.exit(2);
  }
  return r.value;
}

const tag = process.argv[2] ?? 'x';
const session = new KernelSession();
if (process.argv[3] === 'guard') session.guardProcess();

const counter = must(
  session.createMap({ name: `tk${tag}_cnt`, type: 'array', keySize: 4, valueSize: 8, maxEntries: 1 }),
);
const ringMap = must(
  session.createMap({ name: `tk${tag}_rb`, type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 1 << 16 }),
);
const ring = must(session.openRingBuffer(ringMap));
session.pollRingBuffer(ring, () => {});
const prog = must(
  session.loadProgram({ name: `tk${tag}_prog`, type: 'tracepoint', instructions: countHits(counter.fd, -1) }),
);
const link = must(session.attached(attachTracepoint(prog.fd, 'syscalls', 'sys_enter_getpid')));
const b = new BtfBuilder();
b.int('int', 4, true);
session.trackFd(must(loadBtf(b.encode())));

// With BPF_LINK_CREATE the first fd is a BPF link; with the ioctl fallback there is none.
const info = linkInfo(link.fds[0]!);
const linkId = info.ok ? info.value.id : undefined;
process.stdout.write(
  `${JSON.stringify({
    progId: must(prog.id()),
    mapIds: [must(mapInfo(counter.fd)).id, must(mapInfo(ringMap.fd)).id],
    linkId,
  })}\n`,
);
setInterval(() => {}, 1 << 30);
