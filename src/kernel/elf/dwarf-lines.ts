/**
 * The file name table of a unit's `.debug_line` program header (DWARF 2–5), enough to name the
 * file a DW_AT_decl_file index points to: stap's `function("f@file.c:12")`. The line-number
 * program itself is not run. Paths are made absolute with the unit's DW_AT_comp_dir.
 */
import { isAbsolute, join } from 'node:path';
import {
  DW_AT,
  DW_FORM,
  DwarfCursor,
  DwarfFormatError,
  type DwarfInfo,
  type DwarfUnit,
} from './dwarf-reader.js';
import { cString } from './elf-format.js';

const DW_LNCT_path = 0x1;
const DW_LNCT_directory_index = 0x2;

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
  const r = new DwarfCursor(line, Number(stmt.value));
  try {
    if (r.u32() === 0xffffffff) return undefined; // 64-bit DWARF
    const version = r.u16();
    if (version >= 5) r.bytes(2); // address_size, segment_selector_size
    r.bytes(4); // header_length
    r.bytes(version >= 4 ? 5 : 4); // min_inst_length, [max_ops], default_is_stmt, line_base, line_range
    const opcodeBase = r.u8();
    r.bytes(opcodeBase - 1);
    const absolute = (dir: string, name: string): string => {
      const full = isAbsolute(name) ? name : join(dir, name);
      return isAbsolute(full) || compDir === '' ? full : join(compDir, full);
    };
    if (version >= 5) {
      const dirs = entries(r, info).map((e) => e.path ?? '');
      return entries(r, info).map((e) => absolute(dirs[e.dir ?? 0] ?? '', e.path ?? ''));
    }
    const dirs = [compDir];
    for (let d = r.cstr(); d !== ''; d = r.cstr()) dirs.push(d);
    const files = [absolute(compDir, unitName)];
    for (let f = r.cstr(); f !== ''; f = r.cstr()) {
      const dir = r.ulebNumber();
      r.ulebNumber(); // mtime
      r.ulebNumber(); // length
      files.push(absolute(dirs[dir] ?? '', f));
    }
    return files;
  } catch (e) {
    if (e instanceof DwarfFormatError) return undefined;
    throw e;
  }
}

/** A DWARF 5 entry-format list then its entries (directories or files). */
function entries(r: DwarfCursor, info: DwarfInfo): { path?: string; dir?: number }[] {
  const formats: [number, number][] = [];
  const formatCount = r.u8();
  for (let i = 0; i < formatCount; i++) formats.push([r.ulebNumber(), r.ulebNumber()]);
  const count = r.ulebNumber();
  const out: { path?: string; dir?: number }[] = [];
  for (let i = 0; i < count; i++) {
    const entry: { path?: string; dir?: number } = {};
    for (const [content, form] of formats) {
      const v = entryValue(r, info, form);
      if (content === DW_LNCT_path && typeof v === 'string') entry.path = v;
      if (content === DW_LNCT_directory_index && typeof v === 'number') entry.dir = v;
    }
    out.push(entry);
  }
  return out;
}

function entryValue(r: DwarfCursor, info: DwarfInfo, form: number): string | number | undefined {
  switch (form) {
    case DW_FORM.string:
      return r.cstr();
    case DW_FORM.line_strp:
    case DW_FORM.strp: {
      const section = form === DW_FORM.strp ? info.sections.str : info.sections.lineStr;
      const offset = r.u32();
      if (section === undefined || offset >= section.length) throw new DwarfFormatError('bad string offset');
      return cString(section, offset);
    }
    case DW_FORM.udata:
      return r.ulebNumber();
    case DW_FORM.data1:
      return r.u8();
    case DW_FORM.data2:
      return r.u16();
    case DW_FORM.data4:
      return r.u32();
    case DW_FORM.data8:
      r.bytes(8);
      return undefined;
    case DW_FORM.data16:
      r.bytes(16);
      return undefined;
    case DW_FORM.block:
      r.bytes(r.ulebNumber());
      return undefined;
    default:
      throw new DwarfFormatError(`form 0x${form.toString(16)} in a line table header`);
  }
}
