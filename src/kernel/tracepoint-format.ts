/**
 * A tracepoint's `format` file parsed into its record layout: what `kernel.trace("...")`
 * handlers read as `$field` through the TRACEPOINT program's context pointer.
 */

/** A field whose bytes live elsewhere in the record: `__data_loc` (or `__rel_loc`, 5.19). */
export interface DynamicLocation {
  /** `__data_loc`: the u32 holds (length << 16 | offset from the record start). `__rel_loc`: offset from the end of the u32 field itself. */
  readonly kind: 'data_loc' | 'rel_loc';
  /** The element type: `char` for strings, `u8`, `unsigned long`... */
  readonly elementType: string;
}

export interface TracepointField {
  readonly name: string;
  /** The C type as declared, without the name or array suffix: `char`, `const char *`, `pid_t`. */
  readonly type: string;
  readonly offset: number;
  readonly size: number;
  readonly isSigned: boolean;
  /** Fixed-length array (`char prev_comm[16]`): its element count; flexible arrays (`[]`) have 0. */
  readonly arrayLength?: number;
  readonly dynamic?: DynamicLocation;
  /** True for `common_*` fields shared by every event (type, flags, preempt count, pid). */
  readonly isCommon: boolean;
}

export interface TracepointFormat {
  readonly name: string;
  readonly id: number;
  /** Every field in record order, the common ones first. */
  readonly fields: readonly TracepointField[];
  /** The `print fmt:` line as the kernel prints it (the quoted format and its arguments). */
  readonly printFmt: string;
}

/** `\tfield:TYPE NAME[N];\toffset:N;\tsize:N;\tsigned:N;` */
const FIELD_LINE = /^\s*field:(.*?);\s*offset:(\d+);\s*size:(\d+);\s*(?:signed:(\d+);)?/;
/** `TYPE NAME`, `TYPE NAME[16]`, `TYPE NAME[]`, `TYPE NAME[SOME_MACRO]` */
const DECLARATION = /^(.*?)\s*\b([A-Za-z_][A-Za-z0-9_]*)\s*(\[\s*([^\]]*)\])?$/;
const DYNAMIC = /^__(data|rel)_loc\s+(.*?)\s*\[\s*\]$/;

/** Parses the text of `events/<category>/<name>/format`; undefined when it is not one. */
export function parseTracepointFormat(text: string): TracepointFormat | undefined {
  let name: string | undefined;
  let id: number | undefined;
  let printFmt = '';
  let isCommon = true;
  let inFields = false;
  const fields: TracepointField[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('name: ')) name = line.slice(6).trim();
    else if (line.startsWith('ID: ')) id = Number(line.slice(4).trim());
    else if (line.startsWith('format:')) inFields = true;
    else if (line.startsWith('print fmt: ')) printFmt = line.slice(11);
    else if (inFields && line.trim() === '') {
      // A blank line ends the common fields once any have been seen.
      if (fields.length > 0) isCommon = false;
    } else if (inFields) {
      const field = parseFieldLine(line, isCommon);
      if (field !== undefined) fields.push(field);
    }
  }
  if (name === undefined || id === undefined || !Number.isInteger(id)) return undefined;
  return { name, id, fields, printFmt };
}

function parseFieldLine(line: string, isCommon: boolean): TracepointField | undefined {
  const m = FIELD_LINE.exec(line);
  if (m === null) return undefined;
  const declaration = m[1]!.trim();
  const offset = Number(m[2]);
  const size = Number(m[3]);
  const isSigned = m[4] === '1';
  const d = DECLARATION.exec(declaration);
  if (d === null) return undefined;
  const base = { name: d[2]!, offset, size, isSigned, isCommon: isCommon && d[2]!.startsWith('common_') };
  const typePart = d[1]!.trim();
  // `__data_loc char[] filename`: the brackets belong to the type, before the name.
  const dyn = DYNAMIC.exec(typePart);
  if (dyn !== null) {
    const dynamic: DynamicLocation = {
      kind: dyn[1] === 'rel' ? 'rel_loc' : 'data_loc',
      elementType: dyn[2]!,
    };
    return { ...base, type: typePart, dynamic };
  }
  if (d[3] === undefined) return { ...base, type: typePart };
  return { ...base, type: typePart, arrayLength: arrayLength(d[4]!.trim(), typePart, size) };
}

/** `[16]` → 16; `[]` → 0; `[TASK_COMM_LEN]` (older kernels) → size / element size. */
function arrayLength(text: string, elementType: string, size: number): number {
  if (text === '') return 0;
  const n = Number(text);
  if (Number.isInteger(n)) return n;
  const element = scalarSize(elementType);
  return element === undefined ? size : Math.floor(size / element);
}

function scalarSize(type: string): number | undefined {
  if (/\*\s*$/.test(type)) return 8;
  if (/\b(char|u8|__u8|s8|__s8|bool)\b/.test(type)) return 1;
  if (/\b(short|u16|__u16|s16|__s16)\b/.test(type)) return 2;
  if (/\b(long long|u64|__u64|s64|__s64|unsigned long|long)\b/.test(type)) return 8;
  if (/\b(int|u32|__u32|s32|__s32|unsigned)\b/.test(type)) return 4;
  return undefined;
}

/**
 * Decodes a `__data_loc` (or `__rel_loc`) word read from a record: where the dynamic bytes
 * start, relative to the record, and how many there are.
 */
export function decodeDynamicLocation(
  field: TracepointField,
  word: number,
): { offset: number; length: number } {
  const length = word >>> 16;
  const at = word & 0xffff;
  return field.dynamic?.kind === 'rel_loc'
    ? { offset: field.offset + 4 + at, length }
    : { offset: at, length };
}
