/**
 * The text of a runtime error caught by `try`/`catch` in a kernel handler, built in BPF into the
 * catch variable: the same words the runtime prints for an uncaught one (wire/records.ts
 * `errorMessage`), numbers converted with format.ts's digit conversion.
 */
import { R0, R10, type Register } from '../bpf/index.js';
import { ERROR_CODE, type ErrorCode } from '../wire/index.js';
import { numberString } from './format.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { concatRegions, stringBuffer, writeLiteral } from './strings.js';

type Piece = string | { readonly slot: Region; readonly conversion: 'd' | 'x' };

function literal(L: Lowering, text: string): Region {
  const dst = stringBuffer(L, text.length + 1);
  writeLiteral(L, text, dst);
  return dst;
}

function build(L: Lowering, pieces: readonly Piece[], dst: Region): void {
  const parts = pieces.map((p) => {
    if (typeof p === 'string') return literal(L, p);
    L.reload(R0, p.slot);
    return numberString(L, p.conversion);
  });
  concatRegions(L, parts, dst);
}

/**
 * Writes the message of error `code` into `dst`; `argument` and `detail` are the registers the
 * raise passed (saved first: conversions call helpers).
 */
export function writeErrorMessage(
  L: Lowering,
  code: ErrorCode,
  argument: Register | undefined,
  detail: Register | undefined,
  dst: Region,
): void {
  // error(msg) writes its message itself (errors-raise.ts).
  if (code === ERROR_CODE.scriptError) return;
  const b = L.b;
  const arg = L.frame.slot();
  const det = L.frame.slot();
  if (argument === undefined) b.st(8, R10, arg.offset, 0);
  else b.stx(8, R10, arg.offset, argument);
  if (detail === undefined) b.st(8, R10, det.offset, 0);
  else b.mov64(R0, detail).lsh64(R0, 32).arsh64(R0, 32).stx(8, R10, det.offset, R0);
  switch (code) {
    case ERROR_CODE.divisionByZero:
      writeLiteral(L, 'division by 0'.slice(0, dst.bytes - 1), dst);
      return;
    case ERROR_CODE.arrayOverflow: {
      const unsized = b.newLabel('unsized');
      const done = b.newLabel('message');
      b.ldx(8, R0, R10, arg.offset).jeq(R0, 0, unsized);
      build(L, ['Array overflow, check size limit (', { slot: arg, conversion: 'd' }, ')'], dst);
      b.ja(done).label(unsized);
      build(L, ['Array overflow, check MAXMAPENTRIES'], dst);
      b.label(done);
      return;
    }
    case ERROR_CODE.userStringFault:
      build(
        L,
        [
          'user string copy fault ',
          { slot: det, conversion: 'd' },
          ' at 0x',
          { slot: arg, conversion: 'x' },
          ' [man error::fault]',
        ],
        dst,
      );
      return;
    case ERROR_CODE.kernelStringFault:
      build(
        L,
        ['kernel string copy fault at 0x', { slot: arg, conversion: 'x' }, ' [man error::fault]'],
        dst,
      );
      return;
    case ERROR_CODE.cpuNotOnline:
      build(L, ['cpu ', { slot: arg, conversion: 'd' }, ' is not online'], dst);
      return;
    case ERROR_CODE.emptyAggregate:
      build(L, ['empty aggregate'], dst);
      return;
    case ERROR_CODE.readFault:
      build(L, ['read fault [man error::fault] at 0x', { slot: arg, conversion: 'x' }], dst);
      return;
    case ERROR_CODE.maxActionExceeded:
      build(L, ['MAXACTION exceeded'], dst);
      return;
    case ERROR_CODE.histogramIndexOutOfRange:
      build(L, ['histogram index out of range'], dst);
      return;
    default: {
      // Every code has its message here: a new one fails to compile until it does.
      const unhandled: never = code;
      throw new Error(`no message for runtime error ${String(unhandled)}`);
    }
  }
}
