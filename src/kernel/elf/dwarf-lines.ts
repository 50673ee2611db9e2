/**
 * The file name table of a unit's `.debug_line` program header (DWARF 2–5), enough to name the
 * file a DW_AT_decl_file index points to: stap's `function("f@file.c:12")`. The line-number
 * program itself is not run. Paths are made absolute with the unit's DW_AT_comp_dir.
 */
import { isAbsolute, join } from 'node:path';
import { DW_AT, type DwarfInfo, type DwarfUnit } from './dwarf-reader.js';
import { cString } from './elf-format.js';

const DW_LNCT_path = 0x1;
const DW_LNCT_directory_index = 0x2;

const DW_FORM_block = 0x09;
const DW_FORM_data1 = 0x0b;
const DW_FORM_data2 = 0x05;
const DW_FORM_data4 = 0x06;
const DW_FORM_data8 = 0x07;
const DW_FORM_data16 = 0x1e;
const DW_FORM_string = 0x08;
const DW_FORM_strp = 0x0e;
const DW_FORM_line_strp = 0x1f;
const DW_FORM_udata = 0x0f;

const tables = new WeakMap<DwarfUnit, readonly string[]>();

/**
 * The unit's file names by DW_AT_decl_file index (DWARF 5 counts from 0, earlier versions from
 * 1: index 0 is then the unit's own name). Empty when the unit has no line table or it cannot be
 * read.
 */
export function unitFileNames(info: DwarfInfo, unit: DwarfUnit): readonly string[] {
  let names = tables.get(unit);
  if (names === undefined) {
    names = readFileNames(info, unit) ?? [];
    tables.set(unit, names);
  }
  return names;
}

function readFileNames(info: DwarfInfo, unit: DwarfUnit): string[] | undefined {
  const root = unit.root();
  const line = info.sections.line;
  const stmt = root?.attrs.get(DW_AT.stmt_list);
  if (root === undefined || line === undefined || stmt?.kind !== 'section') return undefined;
  const compDirValue = root.attrs.get(DW_AT.comp_dir);
  const compDir = compDirValue?.kind === 'string' ? compDirValue.value : '';
  const nameValue = root.attrs.get(DW_AT.name);
  const unitName = nameValue?.kind === 'string' ? nameValue.value : '';
  const r = new Reader(line, Number(stmt.value));
  try {
    if (r.u32() === 0xffffffff) return undefined; // 64-bit DWARF
    const version = r.u16();
    if (version >= 5) r.skip(2); // address_size, segment_selector_size
    r.skip(4); // header_length
    r.skip(version >= 4 ? 5 : 4); // min_inst_length, [max_ops], default_is_stmt, line_base, line_range
    const opcodeBase = r.u8();
    r.skip(opcodeBase - 1);
    const absolute = (dir: string, name: string): string => {
      const full = isAbsolute(name) ? name : join(dir, name);
      return isAbsolute(full) || compDir === '' ? full : join(compDir, full);
    };
    if (version >= 5) {
      const dirs = r.entries(info).map((e) => e.path ?? '');
      return r.entries(info).map((e) => absolute(dirs[e.dir ?? 0] ?? '', e.path ?? ''));
    }
    const dirs = [compDir];
    for (let d = r.cstr(); d !== ''; d = r.cstr()) dirs.push(d);
    const files = [absolute(compDir, unitName)];
    for (let f = r.cstr(); f !== ''; f = r.cstr()) {
      const dir = r.uleb();
      r.uleb(); // mtime
      r.uleb(); // length
      files.push(absolute(dirs[dir] ?? '', f));
    }
    return files;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** A bounds-checked reader over `.debug_line` (a read past the end is a RangeError). */
class Reader {
  constructor(
    private readonly buf: Buffer,
    private at: number,
  ) {}
  skip(n: number): void {
    this.need(n);
    this.at += n;
  }
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError('.debug_line ends early');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.at++] as number;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }
  cstr(): string {
    const end = this.buf.indexOf(0, this.at);
    if (end < 0) throw new RangeError('.debug_line ends in a string');
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end + 1;
    return s;
  }

  /** A DWARF 5 entry-format list then its entries (directories or files). */
  entries(info: DwarfInfo): { path?: string; dir?: number }[] {
    const formats: [number, number][] = [];
    const formatCount = this.u8();
    for (let i = 0; i < formatCount; i++) formats.push([this.uleb(), this.uleb()]);
    const count = this.uleb();
    const out: { path?: string; dir?: number }[] = [];
    for (let i = 0; i < count; i++) {
      const entry: { path?: string; dir?: number } = {};
      for (const [content, form] of formats) {
        const v = this.value(info, form);
        if (content === DW_LNCT_path && typeof v === 'string') entry.path = v;
        if (content === DW_LNCT_directory_index && typeof v === 'number') entry.dir = v;
      }
      out.push(entry);
    }
    return out;
  }

  private value(info: DwarfInfo, form: number): string | number | undefined {
    switch (form) {
      case DW_FORM_string:
        return this.cstr();
      case DW_FORM_line_strp:
      case DW_FORM_strp: {
        const section = form === DW_FORM_strp ? info.sections.str : info.sections.lineStr;
        const offset = this.u32();
        if (section === undefined || offset >= section.length) throw new RangeError('bad string offset');
        return cString(section, offset);
      }
      case DW_FORM_udata:
        return this.uleb();
      case DW_FORM_data1:
        return this.u8();
      case DW_FORM_data2:
        return this.u16();
      case DW_FORM_data4:
        return this.u32();
      case DW_FORM_data8:
        this.skip(8);
        return undefined;
      case DW_FORM_data16:
        this.skip(16);
        return undefined;
      case DW_FORM_block:
        this.skip(this.uleb());
        return undefined;
      default:
        throw new RangeError(`form 0x${form.toString(16)} in a line table header`);
    }
  }
}
