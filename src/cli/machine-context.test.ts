import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKernelConfig } from './kernel-config.js';
import { buildPreprocessContext, kernelVersionOf, normalizeMachine } from './machine-context.js';
import { type CommandLine, type Options, parseCommandLine } from './options.js';

function options(...argv: string[]): Options {
  const cmd = parseCommandLine([...argv, '-e', '']);
  assert.equal(cmd.kind, 'run');
  return (cmd as Extract<CommandLine, { kind: 'run' }>).options;
}

const machine = { release: '6.18.44-fc-v669', machine: 'x86_64', isRoot: true };

test("stap's architecture names", () => {
  const cases: [string, string][] = [
    ['x86_64', 'x86_64'],
    ['i686', 'i386'],
    ['aarch64', 'arm64'],
    ['armv7l', 'arm'],
    ['s390x', 's390'],
    ['ppc64le', 'powerpc'],
    ['riscv64', 'riscv'],
    ['mips64', 'mips'],
    ['loongarch64', 'loongarch64'],
  ];
  for (const [m, arch] of cases) assert.equal(normalizeMachine(m), arch, m);
});

test('kernel_v is the release up to its first dash', () => {
  assert.equal(kernelVersionOf('6.18.44-fc-v669'), '6.18.44');
  assert.equal(kernelVersionOf('6.1.0'), '6.1.0');
});

test('the preprocessor context from the machine and the options', () => {
  let reads = 0;
  const ctx = buildPreprocessContext(options('-g', '--compatible=4.0', 'a1', 'a2'), machine, () => {
    reads++;
    return parseKernelConfig('CONFIG_BPF=y\n# CONFIG_X is not set\nCONFIG_HZ=250\nCONFIG_S="str"\n');
  });
  assert.deepEqual(ctx.args, ['a1', 'a2']);
  assert.equal(ctx.kernelRelease, '6.18.44-fc-v669');
  assert.equal(ctx.kernelVersion, '6.18.44');
  assert.equal(ctx.arch, 'x86_64');
  assert.equal(ctx.runtime, 'bpf');
  assert.equal(ctx.compatible, '4.0');
  assert.equal(ctx.privilege, 'stapdev');
  assert.equal(ctx.guruMode, true);
  assert.equal(reads, 0, 'the kernel configuration is read lazily');
  assert.equal(ctx.kernelConfig('CONFIG_BPF'), 'y');
  assert.equal(ctx.kernelConfig('CONFIG_HZ'), '250');
  assert.equal(ctx.kernelConfig('CONFIG_S'), '"str"');
  assert.equal(ctx.kernelConfig('CONFIG_X'), undefined);
  assert.equal(reads, 1, 'and only once');
});

test('-r, -a and privilege override the machine', () => {
  const none = () => new Map<string, string>();
  const ctx = buildPreprocessContext(
    options('-r', '5.10.0-1', '-a', 'arm64'),
    { ...machine, isRoot: false },
    none,
  );
  assert.equal(ctx.kernelRelease, '5.10.0-1');
  assert.equal(ctx.kernelVersion, '5.10.0');
  assert.equal(ctx.arch, 'arm64');
  assert.equal(ctx.privilege, 'stapusr');
  assert.equal(buildPreprocessContext(options('--privilege=stapsys'), machine, none).privilege, 'stapsys');
  assert.equal(buildPreprocessContext(options('--runtime=kernel'), machine, none).runtime, 'kernel');
});
