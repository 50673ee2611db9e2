/**
 * Builds small C programs for the ELF tests in a temporary directory with the system's gcc.
 * Tests skip (printing why) when gcc, sys/sdt.h or binutils are missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Why a tool is unusable, or undefined when `cmd --version` runs. */
export function missingTool(cmd: string): string | undefined {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
  return r.status === 0 ? undefined : `${cmd} is not installed`;
}

/** Why USDT fixtures cannot be built: no gcc, or no <sys/sdt.h> (Debian: systemtap-sdt-dev). */
export function missingSdtHeader(): string | undefined {
  const gcc = missingTool('gcc');
  if (gcc !== undefined) return gcc;
  const r = spawnSync('gcc', ['-E', '-x', 'c', '-'], {
    input: '#include <sys/sdt.h>\n',
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return r.status === 0 ? undefined : '<sys/sdt.h> is missing (apt-get install systemtap-sdt-dev)';
}

export class FixtureDir {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'tstap-elf-'));

  file(name: string, text: string): string {
    const p = path.join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  /** gcc ARGS... in the fixture directory; a compile error fails the test with gcc's output. */
  gcc(...args: string[]): void {
    execFileSync('gcc', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a command and returns its stdout (throws on failure). */
export function run(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
}
