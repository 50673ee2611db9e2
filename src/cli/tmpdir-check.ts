/**
 * stap makes a temporary directory under `$TMPDIR` at start-up and refuses a `$TMPDIR` with
 * characters that could upset the tools it runs. tstap needs no temporary directory, but keeps
 * both checks so a session that stap would refuse is refused here too, with stap's messages.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Env } from './rc-file.js';

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
};

/** stap's message for an unusable `$TMPDIR`, or undefined when it is fine. */
export function checkTmpdir(env: Env, tmpdirOption: string | undefined): string | undefined {
  const tmpdir = env.TMPDIR ?? '/tmp';
  if (tmpdirOption === undefined) {
    const problem = unusableDirectory(tmpdir);
    if (problem !== undefined) {
      return `cannot create temporary directory (" ${tmpdir}/stapXXXXXX "): ${problem}`;
    }
  }
  const pattern = '^[-/._0-9a-z]+$';
  if (env.TMPDIR !== undefined && !new RegExp(pattern, 'i').test(env.TMPDIR)) {
    return `ERROR: Safety pattern mismatch for TMPDIR ('${env.TMPDIR}' vs. '${pattern}') rc=1`;
  }
  return undefined;
}

/** Why `mkdtemp` would fail in `dir`, as strerror(3) words it. */
function unusableDirectory(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return STRERROR.ENOTDIR;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return STRERROR[code] ?? (e as Error).message;
  }
}
