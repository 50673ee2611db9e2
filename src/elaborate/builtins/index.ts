/**
 * The native tapset functions: one signature per overload (same name, different arity), grouped
 * by family. Pass 2 resolves a call to one of these when no script function of that name exists;
 * the runtime's implementation table is keyed by `BuiltinName`, so a signature without an
 * implementation fails to compile.
 */
import type { BuiltinSignature } from '../program.js';
import { ANSI_BUILTINS, type AnsiBuiltinName } from './ansi.js';
import { CONTEXT_BUILTINS, type ContextBuiltinName } from './context.js';
import { CONTROL_BUILTINS, type ControlBuiltinName } from './control.js';
import { CONVERSION_BUILTINS, type ConversionBuiltinName } from './conversions.js';
import { ERRNO_BUILTINS, type ErrnoBuiltinName } from './errno.js';
import { FLOATING_POINT_BUILTINS, type FloatingPointBuiltinName } from './floating-point.js';
import { GURU_BUILTINS, type GuruBuiltinName } from './guru.js';
import { MEMORY_BUILTINS, type MemoryBuiltinName } from './memory.js';
import { REGISTER_BUILTINS, type RegisterBuiltinName } from './registers.js';
import { STACK_BUILTINS, type StackBuiltinName } from './stack.js';
import { STRING_BUILTINS, type StringBuiltinName } from './strings.js';
import { TIME_BUILTINS, type TimeBuiltinName } from './time.js';

export { USER_READERS, type UserReader, type UserReaderName, userReader } from './memory.js';
export type {
  AnsiBuiltinName,
  ContextBuiltinName,
  ControlBuiltinName,
  ConversionBuiltinName,
  ErrnoBuiltinName,
  FloatingPointBuiltinName,
  GuruBuiltinName,
  MemoryBuiltinName,
  RegisterBuiltinName,
  StackBuiltinName,
  StringBuiltinName,
  TimeBuiltinName,
};

export type BuiltinName =
  | StringBuiltinName
  | TimeBuiltinName
  | ContextBuiltinName
  | ControlBuiltinName
  | ConversionBuiltinName
  | AnsiBuiltinName
  | ErrnoBuiltinName
  | FloatingPointBuiltinName
  | GuruBuiltinName
  | StackBuiltinName
  | MemoryBuiltinName
  | RegisterBuiltinName;

export const BUILTINS: readonly BuiltinSignature[] = [
  ...STRING_BUILTINS,
  ...TIME_BUILTINS,
  ...CONTEXT_BUILTINS,
  ...CONTROL_BUILTINS,
  ...CONVERSION_BUILTINS,
  ...ANSI_BUILTINS,
  ...ERRNO_BUILTINS,
  ...FLOATING_POINT_BUILTINS,
  ...GURU_BUILTINS,
  ...STACK_BUILTINS,
  ...MEMORY_BUILTINS,
  ...REGISTER_BUILTINS,
];

const byName = new Map<string, BuiltinSignature[]>();
for (const signature of BUILTINS) {
  const overloads = byName.get(signature.name);
  if (overloads === undefined) byName.set(signature.name, [signature]);
  else overloads.push(signature);
}

/** The overload of `name` taking `arity` arguments, if that builtin exists. */
export function findBuiltin(name: string, arity: number): BuiltinSignature | undefined {
  return byName.get(name)?.find((signature) => signature.params.length === arity);
}

/** Every overload of `name` (empty when it is not a builtin), for "wrong number of args" hints. */
export function builtinOverloads(name: string): readonly BuiltinSignature[] {
  return byName.get(name) ?? [];
}

export function isBuiltinName(name: string): name is BuiltinName {
  return byName.has(name);
}

/** Some arity of `name`, if it is a builtin (for "wrong number of arguments" diagnostics). */
export function anyBuiltinArity(name: string): number | undefined {
  return byName.get(name)?.[0]?.params.length;
}

/** The table in the shape pass 2's resolver asks for (`BuiltinLookup` in src/elaborate/resolve). */
export const BUILTIN_LOOKUP = {
  find: findBuiltin,
  anyArity: anyBuiltinArity,
} as const;
