/**
 * The facts the preprocessor's `%( … %)` conditions ask about (`kernel_v`, `arch`, `CONFIG_*`,
 * `systemtap_privilege`…), gathered from the running machine and the command line.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { PreprocessContext } from '../lang/index.js';
import { type KernelConfig, kernelConfigCandidates, readKernelConfig } from './kernel-config.js';
import type { Options, Privilege } from './options.js';

export interface MachineFacts {
  /** `uname -r` */
  readonly release: string;
  /** `uname -m` */
  readonly machine: string;
  readonly isRoot: boolean;
}

export function hostMachine(): MachineFacts {
  return { release: os.release(), machine: os.machine(), isRoot: process.getuid?.() === 0 };
}

/**
 * stap's architecture name for a `uname -m` machine (`normalize_machine`, which follows the
 * kernel's SUBARCH): `x86_64`, `i386`, `arm64`, `arm`, `s390`, `powerpc`, `riscv`, `mips`...
 */
export function normalizeMachine(machine: string): string {
  if (/^i[456]86$/.test(machine)) return 'i386';
  if (machine === 'sun4u') return 'sparc64';
  if (machine === 'aarch64') return 'arm64';
  if (machine.startsWith('arm') || machine === 'sa110') return 'arm';
  if (machine === 's390x') return 's390';
  if (machine === 'riscv64') return 'riscv';
  if (machine.startsWith('ppc')) return 'powerpc';
  if (machine.startsWith('mips')) return 'mips';
  if (/^sh[234]/.test(machine)) return 'sh';
  return machine;
}

/** `kernel_v`: the release up to its first `-` (`6.18.44-fc-v669` → `6.18.44`). */
export function kernelVersionOf(release: string): string {
  const dash = release.indexOf('-');
  return dash < 0 ? release : release.slice(0, dash);
}

/** The release of the kernel we build for: the running one, `-r RELEASE`, or a build tree's. */
export function targetKernelRelease(options: Options, machine: MachineFacts): string {
  const target = options.kernel;
  switch (target.kind) {
    case 'running':
      return machine.release;
    case 'release':
      return target.release;
    case 'build-tree':
      try {
        const text = readFileSync(`${target.dir}/include/config/kernel.release`, 'utf8');
        return text.split('\n')[0] ?? machine.release;
      } catch {
        return machine.release;
      }
  }
}

export function targetArch(options: Options, machine: MachineFacts): string {
  return options.arch ?? normalizeMachine(machine.machine);
}

/**
 * `--privilege` if given; otherwise stapdev, lowered to what the user's credentials allow (root:
 * stapdev) only for a run that reaches pass 5, as stap's session does.
 */
export function effectivePrivilege(options: Options, machine: MachineFacts): Privilege {
  return options.privilege ?? (machine.isRoot || options.lastPass < 5 ? 'stapdev' : 'stapusr');
}

/**
 * The preprocessor's view of this session. The kernel configuration is read on first use
 * (most scripts never ask) and then kept.
 */
export function buildPreprocessContext(
  options: Options,
  machine: MachineFacts,
  readConfig: (paths: readonly string[]) => KernelConfig = readKernelConfig,
): PreprocessContext {
  const release = targetKernelRelease(options, machine);
  let config: KernelConfig | undefined;
  return {
    args: options.args,
    kernelRelease: release,
    kernelVersion: kernelVersionOf(release),
    arch: targetArch(options, machine),
    // `bpf` unless `--runtime=kernel` asks scripts to take their kernel-runtime branches
    // (everything still runs on the eBPF back end).
    runtime: options.runtime,
    compatible: options.compatible,
    privilege: effectivePrivilege(options, machine),
    guruMode: options.guruMode,
    kernelConfig(name: string): string | undefined {
      config ??= readConfig(kernelConfigCandidates(options.kernel, machine.release));
      return config.get(name);
    },
  };
}
