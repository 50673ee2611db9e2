/**
 * `errno_str(err)` and `errno_p(err)` in kernel handlers, over stap's errno table (the one the
 * user-space runtime and the syscall tapset share, wire's `errnoName`): the sign is ignored, and
 * a number without a name gives "" (errno_str) or 0 (errno_p).
 *
 * The names are a read-only lookup table (an array map the runtime fills before attaching, as
 * the syscall rows are), indexed by the magnitude: one bounds check and one lookup.
 */
import { BPF_FUNC_map_lookup_elem, type Label, R0, R1, R2, R10 } from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import { errnoName } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringArgument } from './string-args.js';
import { copyFromPointer, stringBuffer } from './strings.js';

const ERRNO_SYMBOL = 'errno_names';

/** Bytes of a name, its NUL included (the longest, EPROTONOSUPPORT, has 15). */
const NAME_BYTES = 16;

/** The numbers with names: 0 up to the last one stap's table holds. */
function errnoTable(): readonly (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (let n = 0; n < 4096; n++) names.push(errnoName(BigInt(n)));
  while (names.length > 0 && names[names.length - 1] === undefined) names.pop();
  return names;
}

const TABLE = errnoTable();

function declareTable(L: Lowering, e: CallExpr): void {
  const maps = L.shared.tableMaps;
  if (maps === undefined) L.unsupported(e.span, `${e.name}() here`);
  if (maps.some((m) => m.symbol === ERRNO_SYMBOL)) return;
  const contents = TABLE.flatMap((name, key) => {
    if (name === undefined) return [];
    const value = new Uint8Array(NAME_BYTES);
    for (let i = 0; i < Math.min(name.length, NAME_BYTES - 1); i++) value[i] = name.charCodeAt(i) & 0xff;
    return [{ key, value }];
  });
  maps.push({
    symbol: ERRNO_SYMBOL,
    name: 'stap_errno',
    kind: 'array',
    keyBytes: 4,
    valueBytes: NAME_BYTES,
    maxEntries: TABLE.length,
    contents,
  });
}

/**
 * Evaluates the argument; r0 = its table entry (or a jump to `missing`), and the magnitude is
 * left in the returned slot.
 */
function lookup(L: Lowering, e: CallExpr, missing: Label): Region {
  const b = L.b;
  declareTable(L, e);
  evalLong(L, stringArgument(L, e, 0, 1));
  const positive = b.newLabel('magnitude');
  b.jsge(R0, 0, positive).neg64(R0).label(positive);
  const magnitude = L.spill();
  b.jge(R0, TABLE.length, missing);
  const key = L.frame.slot();
  b.stx(4, R10, key.offset, R0).ldMapFd(R1, ERRNO_SYMBOL);
  L.address(R2, key);
  b.call(BPF_FUNC_map_lookup_elem).jeq(R0, 0, missing);
  return magnitude;
}

function lowerErrnoStr(L: Lowering, e: CallExpr, into?: Region): Region {
  const b = L.b;
  const dst = into ?? stringBuffer(L, NAME_BYTES);
  const missing = b.newLabel('noName');
  const done = b.newLabel('errnoStr');
  lookup(L, e, missing);
  copyFromPointer(L, R0, NAME_BYTES, dst);
  b.ja(done).label(missing);
  L.zero(dst);
  b.label(done);
  return dst;
}

function lowerErrnoP(L: Lowering, e: CallExpr): void {
  const b = L.b;
  const missing = b.newLabel('noName');
  const done = b.newLabel('errnoP');
  const magnitude = lookup(L, e, missing);
  b.ldx(1, R1, R0, 0).jeq(R1, 0, missing);
  L.reload(R0, magnitude);
  b.ja(done).label(missing).mov64(R0, 0).label(done);
}

export const ERRNO_STRING_BUILTINS = { errno_str: lowerErrnoStr } as const;
export const ERRNO_LONG_BUILTINS = { errno_p: lowerErrnoP } as const;
