/**
 * The ring's record callback with the fast path in front: a PRINTF record whose site compiled
 * to a RecordWriter (record-writers.ts) is formatted straight into the ByteOutput; every other
 * record flushes what is pending (so output and messages keep their order) and goes to the
 * general decoder (records.ts).
 */
import type { RecordCallback } from '../../kernel/index.js';
import { type OutputSite, RECORD_TYPE } from '../../wire/index.js';
import type { ByteOutput } from './byte-output.js';
import { compileRecordWriter } from './record-writers.js';

export function fastRecordDecoder(
  sites: readonly OutputSite[],
  general: RecordCallback,
  out: ByteOutput,
): RecordCallback {
  const writers = sites.map(compileRecordWriter);
  let lastView: DataView | undefined;
  let bytes: Uint8Array = new Uint8Array(0);
  return (view, offset, length) => {
    if (view !== lastView) {
      lastView = view;
      bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    }
    if (view.getUint32(offset, true) === RECORD_TYPE.printf) {
      const write = writers[view.getUint32(offset + 4, true)];
      if (write !== undefined) {
        out.reserve();
        write(view, bytes, offset, out);
        return;
      }
    }
    out.flush();
    general(view, offset, length);
  };
}
