/**
 * A NULL-terminated vector of user strings (execve's argv and envp), printed as the tapset's
 * `__get_argv` prints it: `["a", "b"]`, `[]` for a NULL or empty vector, the address of the
 * element that cannot be read in hex (`[0x...]`), a string that cannot be read as its address,
 * the whole cut to MAXSTRINGLEN - 1 characters as stap's `.=` cuts it (the closing `]` too).
 *
 * The kernel copies it into one capture (compile/syscall-output.ts):
 *
 *     0      i16 per element (`entries` of them): > 0 the string's length with its NUL, in the
 *            string area; STRING_FAULT its read faulted, its u64 address in the area instead;
 *            POINTER_FAULT the element's own read faulted; END the NULL that ends the vector;
 *            0 not read (the area or the entries ran out: the text is full by then)
 *     256    the string area (`area` bytes): the strings (and addresses) one after another,
 *            each read bounded by the room left, so a string the area cuts short lies past
 *            the MAXSTRINGLEN - 1 characters the text can show (each byte shows as one at least)
 */
import { MAX_STRING_LEN, quoteString } from './text-quote.js';
import { hex } from './values.js';

export const VECTOR = {
  /** Elements read: enough that `""` each fills the text (4 characters per element). */
  entries: 128,
  stringsAt: 256,
  /** The string area: a read starts only while the strings so far take less. */
  area: MAX_STRING_LEN,
  bytes: 256 + MAX_STRING_LEN,
  STRING_FAULT: -3,
  POINTER_FAULT: -1,
  END: -2,
} as const;

/** stap's `s .= t`: the concatenation cut to MAXSTRINGLEN - 1 characters. */
function append(s: string, t: string): string {
  return (s + t).slice(0, MAX_STRING_LEN - 1);
}

/** `__get_argv(base, 0)` from the capture (undefined: nothing was copied). */
export function formatVector(base: bigint, copy: Uint8Array | undefined): string {
  const address = BigInt.asUintN(64, base);
  if (address === 0n) return '[]';
  if (copy === undefined || copy.byteLength < VECTOR.bytes) return `[${hex(address)}]`;
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  let text = '[';
  let length = 0;
  let at = VECTOR.stringsAt;
  for (let i = 0; i < VECTOR.entries; i++) {
    const status = view.getInt16(2 * i, true);
    if (status === 0 || status === VECTOR.END) break;
    if (status === VECTOR.POINTER_FAULT) {
      if (length > 0) text = append(text, ', ');
      text = append(text, hex(address + 8n * BigInt(i)));
      break;
    }
    if (length > 0) text = append(text, ', ');
    if (status === VECTOR.STRING_FAULT) {
      text = append(text, hex(view.getBigUint64(at, true)));
      at += 8;
    } else {
      const end = Math.min(at + status - 1, copy.byteLength);
      text = append(text, quoteString(copy.subarray(at, end)));
      at += status;
    }
    if (text.length === length) break;
    length = text.length;
  }
  return append(text, ']');
}
