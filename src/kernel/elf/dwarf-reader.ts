/**
 * A DWARF reader for user-space probes: the `.debug_info` tree of a binary as debugging
 * information entries (DIEs) with their attributes decoded, read once per file on first use
 * (a script that names no `$variable` never reads it). DWARF 2–5 in the 32-bit format, the
 * forms gcc emits (strx/line_strp/implicit_const/data16/exprloc/addrx...), strings from
 * `.debug_str`, `.debug_line_str` and `.debug_str_offsets`. A 64-bit-format unit, a split
 * (.dwo) unit or compressed sections are reported, not guessed at.
 */
import { statSync } from 'node:fs';
import {
  DW_AT,
  DW_FORM,
  DW_UT_compile,
  DW_UT_partial,
  DW_UT_skeleton,
  DW_UT_split_compile,
  DW_UT_split_type,
  DW_UT_type,
} from './dwarf-constants.js';
import { DwarfCursor as Cursor, DwarfFormatError } from './dwarf-cursor.js';
import { cString, type Parsed, parseHeader, readAt, readSectionHeaders, withFile } from './elf-format.js';

export { DW_AT, DW_FORM, DW_TAG } from './dwarf-constants.js';
export { DwarfCursor, DwarfFormatError } from './dwarf-cursor.js';

/** A decoded attribute value. References are absolute `.debug_info` offsets. */
export type DwarfValue =
  | { readonly kind: 'number'; readonly value: bigint }
  | { readonly kind: 'address'; readonly value: bigint }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'ref'; readonly offset: number }
  | { readonly kind: 'block'; readonly bytes: Buffer }
  | { readonly kind: 'flag'; readonly value: boolean }
  /** A section offset or a list index (location lists, ranges, line tables). */
  | { readonly kind: 'section'; readonly value: bigint; readonly indexed: boolean }
  /** A form whose value this reader does not follow (type signatures, supplementary files). */
  | { readonly kind: 'unsupported'; readonly form: number };

export interface Die {
  /** Absolute offset in `.debug_info`. */
  readonly offset: number;
  readonly tag: number;
  readonly attrs: ReadonlyMap<number, DwarfValue>;
  readonly children: readonly Die[];
  readonly unit: DwarfUnit;
}

export interface DwarfUnit {
  readonly offset: number;
  /** Offset just past the unit. */
  readonly end: number;
  readonly version: number;
  readonly addressSize: number;
  /**
   * The unit's top DIE (DW_TAG_compile_unit), its tree parsed on first call; undefined for an
   * empty or malformed unit (then `skipped` says why).
   */
  root(): Die | undefined;
}

export interface DwarfInfo {
  /** Every unit, by offset; a unit's DIEs are parsed only when something asks for them. */
  readonly units: readonly DwarfUnit[];
  /** The DIE at an absolute `.debug_info` offset (its unit parsed if it was not yet). */
  die(offset: number): Die | undefined;
  /** The units whose code may hold `address` (from `.debug_aranges`; every unit without it). */
  unitsAt(address: bigint): readonly DwarfUnit[];
  /** The sections the line-table reader needs (dwarf-lines.ts). */
  readonly sections: Pick<Sections, 'line' | 'str' | 'lineStr'>;
  /** Why some units were skipped (64-bit format, split units, malformed), for messages. */
  readonly skipped: readonly string[];
}

export type DwarfResult =
  | { readonly ok: true; readonly info: DwarfInfo }
  /**
   * `missing`: the file has no `.debug_info` (stripped, or built without -g); `debugLink` is the
   * separate debug file its `.gnu_debuglink` names, if it names one.
   */
  | { readonly ok: false; readonly missing: boolean; readonly message: string; readonly debugLink?: string };

export interface Sections {
  readonly info: Buffer;
  readonly line: Buffer | undefined;
  readonly abbrev: Buffer;
  readonly str: Buffer | undefined;
  readonly lineStr: Buffer | undefined;
  readonly strOffsets: Buffer | undefined;
  readonly addr: Buffer | undefined;
  readonly aranges: Buffer | undefined;
}

const cache = new Map<string, { readonly key: string; readonly result: DwarfResult }>();

/** The DWARF of an ELF file, read on first use and cached per path, mtime, size and inode. */
export function readDwarf(path: string): DwarfResult {
  let key: string;
  try {
    const st = statSync(path);
    key = `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch (e) {
    return {
      ok: false,
      missing: false,
      message: `cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    };
  }
  const hit = cache.get(path);
  if (hit?.key === key) return hit.result;
  const result = load(path);
  cache.set(path, { key, result });
  return result;
}

function load(path: string): DwarfResult {
  const sections = withFile(path, (fd, sizeBytes): Parsed<Sections | { readonly debugLink?: string }> => {
    const ehdr = readAt(fd, 0, Math.min(64, sizeBytes)) ?? Buffer.alloc(0);
    const header = parseHeader(path, ehdr);
    if (!header.ok) return header;
    const headers = readSectionHeaders(path, fd, sizeBytes, ehdr, header.value.shoff);
    if (!headers.ok) return headers;
    const bytes = (name: string): Buffer | undefined => {
      const s = headers.value.find((h) => h.name === name);
      return s === undefined ? undefined : readAt(fd, Number(s.offset), Number(s.size));
    };
    if (headers.value.some((h) => h.name === '.zdebug_info'))
      return {
        ok: false,
        message: `'${path}' has compressed DWARF (.zdebug_info), which tstap does not read`,
      };
    const info = bytes('.debug_info');
    const abbrev = bytes('.debug_abbrev');
    if (info === undefined || abbrev === undefined || info.length === 0) {
      // .gnu_debuglink: the debug file's name, NUL-padded, then a CRC32.
      const link = bytes('.gnu_debuglink');
      const name = link === undefined ? '' : cString(link, 0);
      return { ok: true, value: name === '' ? {} : { debugLink: name } };
    }
    // A SHF_COMPRESSED section starts with an Elf64_Chdr (ch_type 1 zlib or 2 zstd, then a zero
    // word), which no unit header can look like (its version would be 0).
    const chType = info.length >= 8 ? info.readUInt32LE(0) : 0;
    if ((chType === 1 || chType === 2) && info.readUInt32LE(4) === 0)
      return { ok: false, message: `'${path}' has compressed DWARF sections, which tstap does not read` };
    return {
      ok: true,
      value: {
        info,
        abbrev,
        line: bytes('.debug_line'),
        str: bytes('.debug_str'),
        lineStr: bytes('.debug_line_str'),
        strOffsets: bytes('.debug_str_offsets'),
        addr: bytes('.debug_addr'),
        aranges: bytes('.debug_aranges'),
      },
    };
  });
  if (!sections.ok) return { ok: false, missing: false, message: sections.message };
  const found = sections.value;
  if (!('info' in found))
    return {
      ok: false,
      missing: true,
      message: `'${path}' has no DWARF debug information`,
      ...(found.debugLink === undefined ? {} : { debugLink: found.debugLink }),
    };
  try {
    return { ok: true, info: parseInfo(found) };
  } catch (e) {
    if (e instanceof DwarfFormatError)
      return { ok: false, missing: false, message: `'${path}': malformed DWARF: ${e.message}` };
    throw e;
  }
}

interface AbbrevSpec {
  readonly attr: number;
  readonly form: number;
  readonly implicit?: bigint;
}

interface Abbrev {
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly specs: readonly AbbrevSpec[];
}

function parseAbbrevs(buf: Buffer, offset: number): Map<number, Abbrev> {
  const out = new Map<number, Abbrev>();
  const c = new Cursor(buf, offset);
  for (;;) {
    const code = c.ulebNumber();
    if (code === 0) return out;
    const tag = c.ulebNumber();
    const hasChildren = c.u8() !== 0;
    const specs: AbbrevSpec[] = [];
    for (;;) {
      const attr = c.ulebNumber();
      const form = c.ulebNumber();
      if (attr === 0 && form === 0) break;
      specs.push(form === DW_FORM.implicit_const ? { attr, form, implicit: c.sleb() } : { attr, form });
    }
    out.set(code, { tag, hasChildren, specs });
  }
}

interface UnitContext {
  readonly unit: DwarfUnit;
  readonly sections: Sections;
  /** DW_AT_str_offsets_base / DW_AT_addr_base of the unit (DWARF 5), once its root is read. */
  strOffsetsBase: number;
  addrBase: number;
}

function parseInfo(sections: Sections): DwarfInfo {
  const units: DwarfUnit[] = [];
  const byOffset = new Map<number, Die>();
  const skipped: string[] = [];
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  const info = sections.info;
  let at = 0;
  while (at + 11 <= info.length) {
    const c = new Cursor(info, at);
    const length = c.u32();
    if (length === 0xffffffff) {
      skipped.push(`unit at ${at}: 64-bit DWARF format`);
      break; // the 64-bit length that follows is not worth a guess: stop here
    }
    const start = at;
    const end = Math.min(c.at + length, info.length);
    at = end;
    const version = c.u16();
    let unitType = DW_UT_compile;
    let addressSize: number;
    let abbrevOffset: number;
    if (version >= 5) {
      unitType = c.u8();
      addressSize = c.u8();
      abbrevOffset = c.u32();
      if (unitType === DW_UT_skeleton || unitType === DW_UT_split_compile) c.u64();
      if (unitType === DW_UT_type || unitType === DW_UT_split_type) {
        c.u64();
        c.u32();
      }
    } else if (version >= 2) {
      abbrevOffset = c.u32();
      addressSize = c.u8();
    } else {
      skipped.push(`unit at ${start}: DWARF version ${version}`);
      continue;
    }
    if (unitType !== DW_UT_compile && unitType !== DW_UT_partial) {
      skipped.push(`unit at ${start}: unit type ${unitType}`);
      continue;
    }
    const dies = c.at;
    let parsed = false;
    let root: Die | undefined;
    const unit: DwarfUnit = {
      offset: start,
      end,
      version,
      addressSize,
      root() {
        if (parsed) return root;
        parsed = true;
        try {
          let abbrevs = abbrevCache.get(abbrevOffset);
          if (abbrevs === undefined) {
            abbrevs = parseAbbrevs(sections.abbrev, abbrevOffset);
            abbrevCache.set(abbrevOffset, abbrevs);
          }
          const ctx: UnitContext = { unit, sections, strOffsetsBase: 8, addrBase: 8 };
          root = parseDies(new Cursor(info.subarray(0, end), dies), abbrevs, ctx, byOffset);
        } catch (e) {
          if (!(e instanceof DwarfFormatError)) throw e;
          skipped.push(`unit at ${start}: ${e.message}`);
        }
        return root;
      },
    };
    units.push(unit);
  }
  const ranges = sections.aranges === undefined ? [] : parseAranges(sections.aranges);
  const unitAt = (offset: number): DwarfUnit | undefined => {
    let low = 0;
    let high = units.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const u = units[mid] as DwarfUnit;
      if (offset < u.offset) high = mid - 1;
      else if (offset >= u.end) low = mid + 1;
      else return u;
    }
    return undefined;
  };
  return {
    units,
    skipped,
    sections,
    die(offset) {
      unitAt(offset)?.root();
      return byOffset.get(offset);
    },
    unitsAt(address) {
      const found = ranges
        .filter((r) => address >= r.low && address < r.high)
        .flatMap((r) => unitAt(r.unit) ?? []);
      return found.length > 0 ? [...new Set(found)] : units;
    },
  };
}

interface AddressRange {
  readonly low: bigint;
  readonly high: bigint;
  /** The `.debug_info` offset of the unit. */
  readonly unit: number;
}

/** `.debug_aranges`: the address ranges of each unit's code (malformed sets end the list). */
function parseAranges(buf: Buffer): AddressRange[] {
  const out: AddressRange[] = [];
  let at = 0;
  try {
    while (at + 16 <= buf.length) {
      const c = new Cursor(buf, at);
      const length = c.u32();
      if (length === 0xffffffff) break;
      const end = c.at + length;
      c.u16(); // version 2
      const unit = c.u32();
      const addressSize = c.u8();
      const segmentSize = c.u8();
      if (addressSize !== 8 || segmentSize !== 0) break;
      // Tuples start at a multiple of twice the address size from the set's start.
      c.at = at + Math.ceil((c.at - at) / 16) * 16;
      while (c.at + 16 <= end) {
        const low = c.u64();
        const size = c.u64();
        if (low === 0n && size === 0n) break;
        out.push({ low, high: low + size, unit });
      }
      at = end;
    }
  } catch (e) {
    if (!(e instanceof DwarfFormatError)) throw e;
  }
  return out;
}

/**
 * The unit's DIE tree, iteratively (deep trees would overflow recursion). Strings indexed
 * through `.debug_str_offsets` need the unit's base, which its root DIE gives: those values are
 * resolved after the whole unit is read.
 */
function parseDies(
  c: Cursor,
  abbrevs: Map<number, Abbrev>,
  ctx: UnitContext,
  byOffset: Map<number, Die>,
): Die | undefined {
  interface Building {
    readonly die: Die;
    readonly children: Die[];
  }
  const stack: Building[] = [];
  const pendingStrx: { attrs: Map<number, DwarfValue>; attr: number; index: bigint }[] = [];
  const pendingAddrx: { attrs: Map<number, DwarfValue>; attr: number; index: bigint }[] = [];
  let root: Die | undefined;
  while (c.at < c.buf.length) {
    const offset = c.at;
    const code = c.ulebNumber();
    if (code === 0) {
      stack.pop();
      if (stack.length === 0) break;
      continue;
    }
    const abbrev = abbrevs.get(code);
    if (abbrev === undefined) throw new DwarfFormatError(`unknown abbreviation ${code} at ${offset}`);
    const attrs = new Map<number, DwarfValue>();
    for (const spec of abbrev.specs) {
      const v = readForm(c, spec.form, spec.implicit, ctx);
      if ('strx' in v) pendingStrx.push({ attrs, attr: spec.attr, index: v.strx });
      else if ('addrx' in v) pendingAddrx.push({ attrs, attr: spec.attr, index: v.addrx });
      else attrs.set(spec.attr, v);
    }
    const children: Die[] = [];
    const die: Die = { offset, tag: abbrev.tag, attrs, children, unit: ctx.unit };
    byOffset.set(offset, die);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      root = die;
      const so = attrs.get(DW_AT.str_offsets_base);
      if (so?.kind === 'section') ctx.strOffsetsBase = Number(so.value);
      const ab = attrs.get(DW_AT.addr_base);
      if (ab?.kind === 'section') ctx.addrBase = Number(ab.value);
    } else parent.children.push(die);
    if (abbrev.hasChildren) stack.push({ die, children });
    else if (parent === undefined) break;
  }
  for (const p of pendingStrx) p.attrs.set(p.attr, strx(ctx, p.index));
  for (const p of pendingAddrx) p.attrs.set(p.attr, addrx(ctx, p.index));
  return root;
}

function strx(ctx: UnitContext, index: bigint): DwarfValue {
  const table = ctx.sections.strOffsets;
  const at = ctx.strOffsetsBase + 4 * Number(index);
  if (table === undefined || at + 4 > table.length) return { kind: 'unsupported', form: DW_FORM.strx };
  return strAt(ctx.sections.str, table.readUInt32LE(at));
}

function addrx(ctx: UnitContext, index: bigint): DwarfValue {
  const table = ctx.sections.addr;
  const at = ctx.addrBase + ctx.unit.addressSize * Number(index);
  if (table === undefined || at + 8 > table.length) return { kind: 'unsupported', form: DW_FORM.addrx };
  return { kind: 'address', value: table.readBigUInt64LE(at) };
}

/** Strings by section and offset: type and member names repeat across a unit. */
const strings = new WeakMap<Buffer, Map<number, DwarfValue>>();

function strAt(section: Buffer | undefined, offset: number): DwarfValue {
  if (section === undefined || offset >= section.length)
    throw new DwarfFormatError(`string offset ${offset} out of range`);
  let table = strings.get(section);
  if (table === undefined) {
    table = new Map();
    strings.set(section, table);
  }
  let v = table.get(offset);
  if (v === undefined) {
    v = { kind: 'string', value: cString(section, offset) };
    table.set(offset, v);
  }
  return v;
}

type FormValue = DwarfValue | { readonly strx: bigint } | { readonly addrx: bigint };

function readForm(c: Cursor, form: number, implicit: bigint | undefined, ctx: UnitContext): FormValue {
  switch (form) {
    case DW_FORM.addr:
      return { kind: 'address', value: ctx.unit.addressSize === 4 ? BigInt(c.u32()) : c.u64() };
    case DW_FORM.data1:
      return { kind: 'number', value: BigInt(c.u8()) };
    case DW_FORM.data2:
      return { kind: 'number', value: BigInt(c.u16()) };
    case DW_FORM.data4:
      return { kind: 'number', value: BigInt(c.u32()) };
    case DW_FORM.data8:
      return { kind: 'number', value: c.u64() };
    case DW_FORM.data16:
      return { kind: 'block', bytes: c.bytes(16) };
    case DW_FORM.sdata:
      return { kind: 'number', value: c.sleb() };
    case DW_FORM.udata:
      return { kind: 'number', value: c.uleb() };
    case DW_FORM.implicit_const:
      return { kind: 'number', value: implicit ?? 0n };
    case DW_FORM.string:
      return { kind: 'string', value: c.cstr() };
    case DW_FORM.strp:
      return strAt(ctx.sections.str, c.u32());
    case DW_FORM.line_strp:
      return strAt(ctx.sections.lineStr, c.u32());
    case DW_FORM.strx:
      return { strx: BigInt(c.ulebNumber()) };
    case DW_FORM.strx1:
    case DW_FORM.strx2:
    case DW_FORM.strx3:
    case DW_FORM.strx4:
      return { strx: BigInt(c.unsigned(form - DW_FORM.strx1 + 1)) };
    case DW_FORM.addrx:
      return { addrx: c.uleb() };
    case DW_FORM.addrx1:
    case DW_FORM.addrx2:
    case DW_FORM.addrx3:
    case DW_FORM.addrx4:
      return { addrx: BigInt(c.unsigned(form - DW_FORM.addrx1 + 1)) };
    case DW_FORM.ref1:
      return { kind: 'ref', offset: ctx.unit.offset + Number(c.u8()) };
    case DW_FORM.ref2:
      return { kind: 'ref', offset: ctx.unit.offset + Number(c.u16()) };
    case DW_FORM.ref4:
      return { kind: 'ref', offset: ctx.unit.offset + Number(c.u32()) };
    case DW_FORM.ref8:
      return { kind: 'ref', offset: ctx.unit.offset + Number(c.u64()) };
    case DW_FORM.ref_udata:
      return { kind: 'ref', offset: ctx.unit.offset + c.ulebNumber() };
    case DW_FORM.ref_addr:
      // DWARF 2 wrote an address-sized offset here; later versions an offset-sized one.
      return {
        kind: 'ref',
        offset: ctx.unit.version === 2 && ctx.unit.addressSize === 8 ? Number(c.u64()) : c.u32(),
      };
    case DW_FORM.ref_sig8:
      c.u64();
      return { kind: 'unsupported', form };
    case DW_FORM.ref_sup4:
    case DW_FORM.strp_sup:
    case DW_FORM.GNU_ref_alt:
    case DW_FORM.GNU_strp_alt:
      c.u32();
      return { kind: 'unsupported', form };
    case DW_FORM.ref_sup8:
      c.u64();
      return { kind: 'unsupported', form };
    case DW_FORM.sec_offset:
      return { kind: 'section', value: BigInt(c.u32()), indexed: false };
    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
      return { kind: 'section', value: c.uleb(), indexed: true };
    case DW_FORM.exprloc:
    case DW_FORM.block:
      return { kind: 'block', bytes: c.bytes(c.ulebNumber()) };
    case DW_FORM.block1:
      return { kind: 'block', bytes: c.bytes(c.u8()) };
    case DW_FORM.block2:
      return { kind: 'block', bytes: c.bytes(c.u16()) };
    case DW_FORM.block4:
      return { kind: 'block', bytes: c.bytes(c.u32()) };
    case DW_FORM.flag:
      return { kind: 'flag', value: c.u8() !== 0 };
    case DW_FORM.flag_present:
      return { kind: 'flag', value: true };
    case DW_FORM.indirect:
      return readForm(c, c.ulebNumber(), implicit, ctx);
    default:
      throw new DwarfFormatError(`unknown attribute form 0x${form.toString(16)}`);
  }
}

/**
 * An attribute of a DIE, else of the DIE it completes (DW_AT_abstract_origin of an out-of-line
 * instance, DW_AT_specification of a definition), as consumers of gcc's output must look.
 */
export function attr(info: DwarfInfo, die: Die, at: number): DwarfValue | undefined {
  let d: Die | undefined = die;
  for (let hops = 0; d !== undefined && hops < 8; hops++) {
    const v = d.attrs.get(at);
    if (v !== undefined) return v;
    const origin: DwarfValue | undefined =
      d.attrs.get(DW_AT.abstract_origin) ?? d.attrs.get(DW_AT.specification);
    d = origin?.kind === 'ref' ? info.die(origin.offset) : undefined;
  }
  return undefined;
}

export function nameOf(info: DwarfInfo, die: Die): string | undefined {
  const v = attr(info, die, DW_AT.name);
  return v?.kind === 'string' ? v.value : undefined;
}

export function numberOf(info: DwarfInfo, die: Die, at: number): bigint | undefined {
  const v = attr(info, die, at);
  return v?.kind === 'number' ? v.value : undefined;
}

export function refOf(info: DwarfInfo, die: Die, at: number): Die | undefined {
  const v = attr(info, die, at);
  return v?.kind === 'ref' ? info.die(v.offset) : undefined;
}

export function flagOf(info: DwarfInfo, die: Die, at: number): boolean {
  const v = attr(info, die, at);
  return v?.kind === 'flag' ? v.value : v?.kind === 'number' ? v.value !== 0n : false;
}
