/**
 * Detaching without waiting for the kernel's tracepoint teardown.
 *
 * Closing the last reference to a perf event on a tracepoint unregisters the tracepoint and
 * waits out two RCU grace periods (tracepoint_synchronize_unregister: 50–100 ms here) in the
 * closing thread — and, at exit, in the exiting process, which its parent then waits for. The
 * program itself is detached earlier and quickly, when its BPF link closes. So before the link
 * closes, each perf event is also put in a BPF_MAP_TYPE_PERF_EVENT_ARRAY (4.3), which holds a
 * reference of its own; closing that map's fd releases its entries through an RCU callback, so
 * the last reference goes on a kernel workqueue (delayed_fput) and the teardown happens there,
 * after the program is gone and off this process's exit path.
 */
import { C, close, mapCreate, mapUpdateElem } from '../sys/index.js';

/** linux/bpf.h `enum bpf_map_type`. */
const BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4;

/**
 * Takes a kernel reference to each perf event fd; `release()` hands them to the kernel.
 * Undefined when the map cannot be created or refuses an event (the caller then closes the
 * events itself, the slow way).
 */
export function holdPerfEvents(perfFds: readonly number[]): { release(): void } | undefined {
  if (perfFds.length === 0) return undefined;
  const map = mapCreate({
    mapType: BPF_MAP_TYPE_PERF_EVENT_ARRAY,
    keySize: 4,
    valueSize: 4,
    maxEntries: perfFds.length,
    mapName: 'tstap_release',
  });
  if (!map.ok) return undefined;
  const key = Buffer.alloc(4);
  const value = Buffer.alloc(4);
  for (let i = 0; i < perfFds.length; i++) {
    key.writeUInt32LE(i);
    value.writeUInt32LE(perfFds[i]!);
    if (!mapUpdateElem(map.value, key, value, C.BPF_ANY).ok) {
      close(map.value);
      return undefined;
    }
  }
  return { release: () => void close(map.value) };
}
