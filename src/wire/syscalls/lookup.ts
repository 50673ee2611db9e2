/**
 * Value-to-name tables and the two ways stap's syscall tapset prints them (runtime helpers
 * `_stp_lookup_str2` and `_stp_lookup_or_str2`): a single value by name, else its number; a bit
 * set as `NAME|NAME|0xrest`, tables searched in order, each entry taking every bit it overlaps.
 */

/** One name for one value (or for a group of bits), in stap's table order. */
export type NameTable = readonly (readonly [value: bigint, name: string])[];

export type NumberBase = 8 | 10 | 16;

/** The number part of a lookup that found no name: `0x%lx`, `%ld` or `%#lo` of a C long. */
export function formatNumber(value: bigint, base: NumberBase): string {
  const long = BigInt.asIntN(64, value);
  if (base === 10) return `${long}`;
  const bits = BigInt.asUintN(64, value);
  if (base === 8) return bits === 0n ? '0' : `0${bits.toString(8)}`;
  return `0x${bits.toString(16)}`;
}

/** `_stp_lookup_str2`: the first entry equal to `value`, else the number. */
export function lookupName(table: NameTable, value: bigint, base: NumberBase = 16): string {
  for (const [v, name] of table) if (v === value) return name;
  return formatNumber(value, base);
}

/** `_stp_lookup_or_str2`: 0 looks up as a single value; else names of the bits set, then the rest. */
export function lookupFlags(table: NameTable, value: bigint, base: NumberBase = 16): string {
  if (value === 0n) return lookupName(table, value, base);
  const parts: string[] = [];
  let rest = value;
  for (const [v, name] of table) {
    if ((v & rest) !== 0n) {
      parts.push(name);
      rest &= ~v;
    }
  }
  if (rest !== 0n) parts.push(formatNumber(rest, base));
  return parts.join('|');
}

/** Builds a table from `NAME: value` pairs, keeping their order. */
export function nameTable(entries: Readonly<Record<string, number | bigint>>): NameTable {
  return Object.entries(entries).map(([name, value]) => [BigInt(value), name] as const);
}
