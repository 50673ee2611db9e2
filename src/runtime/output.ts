/**
 * Script output. Script strings are byte strings (one char per byte), so output is written as
 * bytes: `%b` and `%c` can produce any byte value. Output is buffered and flushed after each
 * handler (stap flushes its print buffer when a probe handler ends) and whenever it grows large.
 *
 * `-o FILE` output moves to the next file, as staprun's does, when `switch_file()` asked
 * (staprun's SIGUSR2) or, with `-S SIZE[,N]`, when the file holds more than SIZE MB: the check
 * comes before a write, so a file may pass the size by one write, and nothing moves until there
 * is output to write. With -S the files are FILE.0, FILE.1...; without, FILE then FILE.1...;
 * with N, a new file removes the one N files older.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';

/** `-S SIZE[,N]`. */
export interface OutputRotation {
  readonly sizeMb: number;
  /** N: files kept (undefined: all). */
  readonly maxFiles: number | undefined;
}

/** A text stream that may also take raw bytes (then output is byte-exact). */
export interface OutputWriter {
  write(text: string): void;
  writeBytes?(bytes: Uint8Array): void;
}

/** The bytes of a script string; a char above 255 (never made by tstap itself) becomes its UTF-8. */
export function scriptBytes(text: string): Buffer {
  if (!/[^\u0000-\u00ff]/.test(text)) return Buffer.from(text, 'latin1');
  const parts: Buffer[] = [];
  let run = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 0xff && ch.length === 1) {
      run += ch;
      continue;
    }
    if (run !== '') parts.push(Buffer.from(run, 'latin1'));
    run = '';
    parts.push(Buffer.from(ch, 'utf8'));
  }
  if (run !== '') parts.push(Buffer.from(run, 'latin1'));
  return Buffer.concat(parts);
}

/** A script string shown as text (for stderr): its bytes read as UTF-8. */
export function scriptText(text: string): string {
  return scriptBytes(text).toString('utf8');
}

const FLUSH_AT_CHARS = 1 << 16;

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENXIO: 'No such device or address',
  EROFS: 'Read-only file system',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
};

function strerror(e: NodeJS.ErrnoException): string {
  return (e.code !== undefined ? STRERROR[e.code] : undefined) ?? e.message;
}

/** The file of number `n` (staprun's make_outfile_name in stream mode). */
function numberedFile(file: string, n: number): string {
  return file === '/dev/null' ? file : `${file}.${n}`;
}

export class ScriptOutput {
  private chunks: string[] = [];
  private size = 0;
  private fd: number | undefined;
  /** Files that rotate: the name given to -o, the current file's number and size. */
  private file: { readonly name: string; readonly rotation?: OutputRotation } | undefined;
  private fileNumber = 0;
  private fileBytes = 0;
  private switchRequested = false;

  constructor(
    private readonly stdout: OutputWriter,
    /** `-o FILE`: an open file descriptor, written directly, byte for byte. */
    fd?: number,
  ) {
    this.fd = fd;
  }

  /** `-o FILE` (FILE.0 with -S), or staprun's complaint when it cannot be opened. */
  static toFile(
    stdout: OutputWriter,
    file: string,
    rotation?: OutputRotation,
  ): ScriptOutput | { readonly error: string } {
    const first = rotation === undefined ? file : numberedFile(file, 0);
    try {
      const output = new ScriptOutput(stdout, openSync(first, 'w'));
      output.file = rotation === undefined ? { name: file } : { name: file, rotation };
      return output;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { error: `Couldn't open output file ${first}: ${strerror(err)}` };
    }
  }

  /** `switch_file()`: the next write goes to the next file (nothing without -o). */
  requestSwitch(): void {
    if (this.file !== undefined) this.switchRequested = true;
  }

  private switchIfDue(): void {
    const file = this.file;
    if (file === undefined || this.fd === undefined) return;
    const limit = file.rotation === undefined ? 0 : file.rotation.sizeMb * 1024 * 1024;
    if (!this.switchRequested && !(limit > 0 && this.fileBytes > limit)) return;
    this.switchRequested = false;
    closeSync(this.fd);
    this.fd = undefined;
    this.fileNumber++;
    const keep = file.rotation?.maxFiles ?? 0;
    if (keep > 0 && this.fileNumber >= keep && file.name !== '/dev/null')
      rmSync(numberedFile(file.name, this.fileNumber - keep), { force: true });
    this.fd = openSync(numberedFile(file.name, this.fileNumber), 'w');
    this.fileBytes = 0;
  }

  write = (text: string): void => {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT_CHARS) this.flush();
  };

  flush(): void {
    if (this.chunks.length === 0) return;
    const text = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    const bytes = scriptBytes(text);
    this.switchIfDue();
    if (this.fd !== undefined) {
      writeSync(this.fd, bytes);
      this.fileBytes += bytes.length;
    } else if (this.stdout.writeBytes) this.stdout.writeBytes(bytes);
    else this.stdout.write(bytes.toString('utf8'));
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
