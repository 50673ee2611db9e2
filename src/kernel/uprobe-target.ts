/**
 * The user-space half of elaboration's target port (elaborate/target.ts): the binaries
 * `process(...)` probes name, read with the ELF reader (symbol tables, `.note.stapsdt`).
 * Paths are made absolute and canonical (symlinks resolved), as stap's find_executable does.
 */
import { readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type {
  UserAbsoluteQuery,
  UserBinary,
  UserBinaryQuery,
  UserDebugQuery,
  UserFunction,
  UserMark,
  UserProcessSpec,
} from '../elaborate/index.js';
import { type ElfFile, readElf, resolveExecutable, resolveLibrary, userSubprogram } from './elf/index.js';

export interface UserTargetOptions {
  /** `-c CMD`: bare `process` probes name its executable. */
  readonly targetCommand?: string;
  /** `-x PID`: bare `process` probes name that process. */
  readonly targetPid?: number;
}

/** Answers `userBinary` for the running system; each file is read once. */
export function userBinaryLookup(options: UserTargetOptions): (spec: UserProcessSpec) => UserBinaryQuery {
  const cache = new Map<string, UserBinaryQuery>();
  const open = (path: string, pid: number | undefined): UserBinaryQuery => {
    const key = `${pid ?? ''}:${path}`;
    let r = cache.get(key);
    if (r === undefined) {
      r = openBinary(path, pid);
      cache.set(key, r);
    }
    return r;
  };
  return (spec) => {
    switch (spec.kind) {
      case 'path': {
        const path = findExecutable(spec.path);
        return path === undefined
          ? { ok: false, error: `cannot find executable '${spec.path}'` }
          : open(path, undefined);
      }
      case 'pid':
        return openPid(spec.pid, open);
      case 'target': {
        if (options.targetPid !== undefined && options.targetPid > 0) return openPid(options.targetPid, open);
        const command = options.targetCommand;
        if (command === undefined) {
          return {
            ok: false,
            error: 'unspecified process probe is invalid without a -c COMMAND or -x PID [man stapprobes]',
          };
        }
        const first = firstWord(command);
        const path = first === undefined ? undefined : findExecutable(first);
        if (path === undefined) {
          return { ok: false, error: 'invalid -c command for unspecified process probe [man stapprobes]' };
        }
        return open(path, undefined);
      }
    }
  };
}

function openPid(pid: number, open: (path: string, pid: number) => UserBinaryQuery): UserBinaryQuery {
  if (!Number.isInteger(pid) || pid <= 0) return { ok: false, error: `cannot probe pid ${pid}: Invalid pid` };
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'No such process' : code === 'EACCES' ? 'Permission denied' : String(code);
    return { ok: false, error: `cannot probe pid ${pid}: ${reason}` };
  }
  return open(exe.replace(/ \(deleted\)$/, ''), pid);
}

/** The command's program: its first shell word, quotes removed (enough for `-c 'prog args'`). */
function firstWord(command: string): string | undefined {
  const m = /^\s*(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(command);
  if (m === null) return undefined;
  return m[1] ?? m[2] ?? m[3];
}

function canonical(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** A path (relative to the working directory) or a bare name looked up in $PATH, canonical. */
function findExecutable(name: string): string | undefined {
  if (name.includes('/')) return canonical(resolvePath(name));
  const found = resolveExecutable(name);
  return found === undefined ? undefined : canonical(found);
}

function openBinary(path: string, pid: number | undefined): UserBinaryQuery {
  const r = readElf(path);
  if (!r.ok) return { ok: false, error: r.message };
  return { ok: true, binary: userBinary(r.elf, path, pid) };
}

function inodeOf(path: string): bigint | undefined {
  try {
    return statSync(path, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

function userBinary(elf: ElfFile, path: string, pid: number | undefined): UserBinary {
  let marks: UserMark[] | undefined;
  const libraries = new Map<string, UserBinaryQuery>();
  const inode = inodeOf(path);
  return {
    path,
    ...(pid === undefined ? {} : { pid }),
    ...(inode === undefined ? {} : { inode }),
    functions(pattern) {
      const out: UserFunction[] = [];
      for (const s of elf.findFunctions(pattern)) {
        if (s.value === 0n) continue;
        const offset = elf.vaddrToOffset(s.value);
        if (offset !== undefined) {
          const address = s.value;
          // The file's DWARF is read and indexed once (elf/dwarf-reader.ts); this remembers the function's.
          let debug: UserDebugQuery | undefined;
          out.push({
            name: s.name,
            offset,
            debug: () => (debug ??= userSubprogram(elf.path, address, s.name)),
          });
        }
      }
      return out;
    },
    marks() {
      marks ??= elf.sdtNotes().map((n) => ({
        provider: n.provider,
        name: n.name,
        offset: n.offset,
        args: n.args,
        ...(n.semaphoreOffset === undefined || n.semaphore === 0n
          ? {}
          : { semaphoreOffset: n.semaphoreOffset }),
      }));
      return marks;
    },
    library(name) {
      let r = libraries.get(name);
      if (r === undefined) {
        r = findLibrary(elf, name, pid);
        libraries.set(name, r);
      }
      return r;
    },
    statementOffset: (address) => elf.vaddrToOffset(address),
    ...(pid === undefined ? {} : { absoluteAddress: (address: bigint) => mappedAt(pid, address) }),
  };
}

/** The file-backed mapping of `pid` holding `address`, from /proc/PID/maps. */
function mappedAt(pid: number, address: bigint): UserAbsoluteQuery {
  const hex = `0x${address.toString(16)}`;
  let maps: string;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return { ok: false, error: `cannot read the mappings of pid ${pid}` };
  }
  for (const line of maps.split('\n')) {
    // start-end perms offset dev inode path
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ (\d+)\s+(\/.*)$/.exec(line);
    if (m === null) continue;
    const [, start = '0', end = '0', offset = '0', , path = ''] = m;
    const low = BigInt(`0x${start}`);
    if (address < low || address >= BigInt(`0x${end}`)) continue;
    return {
      ok: true,
      path: path.replace(/ \(deleted\)$/, ''),
      offset: address - low + BigInt(`0x${offset}`),
    };
  }
  return { ok: false, error: `address ${hex} is not in a file mapped by pid ${pid}` };
}

/**
 * `.library("LIB")`: a path, else a library the binary needs whose path ends with LIB (stap
 * matches `*LIB` against the libraries' paths), else one the dynamic loader finds by that name.
 */
function findLibrary(elf: ElfFile, name: string, pid: number | undefined): UserBinaryQuery {
  let path: string | undefined;
  if (name.includes('/')) path = canonical(resolvePath(name));
  else {
    for (const needed of elf.needed) {
      const found = resolveLibrary(needed, elf);
      if (found !== undefined && (found.endsWith(name) || needed === name)) {
        path = canonical(found);
        break;
      }
    }
    if (path === undefined) {
      const found = resolveLibrary(name, elf);
      if (found !== undefined) path = canonical(found);
    }
  }
  if (path === undefined) return { ok: false, error: `cannot find library '${name}' of '${elf.path}'` };
  return openBinary(path, pid);
}
