/**
 * What the preprocessor's `%( ... %)` conditions ask about the system and the session.
 * Filled in by `src/cli` from the running machine; tests pass their own.
 */
export interface PreprocessContext {
  /** Script arguments: `$1`/`@1`... and `$#`/`@#`. */
  readonly args: readonly string[];
  /** `kernel_vr`: the full release, e.g. `6.18.44-fc-v669`. */
  readonly kernelRelease: string;
  /** `kernel_v`: the release without its suffix, e.g. `6.18.44`. */
  readonly kernelVersion: string;
  /** `arch`: stap's architecture name, e.g. `x86_64`, `arm64`. */
  readonly arch: string;
  /** `runtime`: ours answers `bpf`. */
  readonly runtime: string;
  /** `systemtap_v`: the language compatibility version (`--compatible`), e.g. `5.6`. */
  readonly compatible: string;
  /** `systemtap_privilege`. */
  readonly privilege: 'stapusr' | 'stapsys' | 'stapdev';
  /** `guru_mode` (`-g`). */
  readonly guruMode: boolean;
  /** `CONFIG_*` from the running kernel's configuration: `y`, `m`, a number or string; undefined if unset. */
  kernelConfig(name: string): string | undefined;
}
