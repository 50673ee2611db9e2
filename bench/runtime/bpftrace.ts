/**
 * Finding bpftrace for the side-by-side runs: on PATH, else installed from the distribution's
 * registry (`apt-get install -y bpftrace`, as root) unless `--no-install`.
 */
import { spawnSync } from 'node:child_process';

export interface BpftraceInfo {
  /** Absolute path, or undefined when unavailable. */
  readonly path: string | undefined;
  readonly version: string | undefined;
  /** What happened while looking for it (installation, or why it is missing). */
  readonly notes: readonly string[];
}

function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const out = (r.stdout ?? '').trim();
  return r.status === 0 && out !== '' ? out : undefined;
}

function aptInstall(notes: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const attempt = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'bpftrace'], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  process.stderr.write('bpftrace not found: apt-get install -y bpftrace ...\n');
  let r = attempt();
  if (r.status !== 0) {
    // A fresh image may have no package lists yet.
    process.stderr.write('apt-get install failed; apt-get update and retry ...\n');
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    r = attempt();
  }
  if (r.status === 0) {
    notes.push('bpftrace was missing: installed with apt-get install -y bpftrace');
    return true;
  }
  const tail = (r.stderr ?? '').trim().split('\n').slice(-2).join(' / ');
  notes.push(`bpftrace missing and apt-get install failed (exit ${r.status}): ${tail}`);
  return false;
}

export function findBpftrace(install: boolean): BpftraceInfo {
  const notes: string[] = [];
  let path = which('bpftrace');
  if (path === undefined) {
    if (!install) notes.push('bpftrace not found (--no-install given)');
    else if (process.getuid?.() !== 0)
      notes.push('bpftrace not found, and not root: cannot apt-get install it');
    else if (which('apt-get') === undefined) notes.push('bpftrace not found, and no apt-get to install it');
    else if (aptInstall(notes)) path = which('bpftrace');
  }
  if (path === undefined) return { path, version: undefined, notes };
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const version = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0];
  return { path, version, notes };
}

/** Whether a failed bpftrace run was the verifier rejecting the program (too many iterations). */
export function verifierRejected(stderr: string): boolean {
  return /Error loading program|Failed to load program|too complex|too large/.test(stderr);
}
