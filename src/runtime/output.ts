/**
 * Script output. Script strings are byte strings (one char per byte), so output is written as
 * bytes: `%b` and `%c` can produce any byte value. Output is buffered and flushed after each
 * handler (stap flushes its print buffer when a probe handler ends) and whenever it grows large.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

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

export class ScriptOutput {
  private chunks: string[] = [];
  private size = 0;
  private fd: number | undefined;

  constructor(
    private readonly stdout: OutputWriter,
    /** `-o FILE`: an open file descriptor, written directly, byte for byte. */
    fd?: number,
  ) {
    this.fd = fd;
  }

  /** `-o FILE`, or staprun's complaint when it cannot be opened. */
  static toFile(stdout: OutputWriter, file: string): ScriptOutput | { readonly error: string } {
    try {
      return new ScriptOutput(stdout, openSync(file, 'w'));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { error: `Couldn't open output file ${file}: ${strerror(err)}` };
    }
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
    if (this.fd !== undefined) writeSync(this.fd, bytes);
    else if (this.stdout.writeBytes) this.stdout.writeBytes(bytes);
    else this.stdout.write(bytes.toString('utf8'));
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
