import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ScriptOutput } from './output.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tstap-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const stdout = { write: () => assert.fail('nothing goes to stdout with -o') };

function open(name: string, rotation?: { sizeMb: number; maxFiles: number | undefined }): ScriptOutput {
  const opened = ScriptOutput.toFile(stdout, path.join(dir, name), rotation);
  if ('error' in opened) throw new Error(opened.error);
  return opened;
}

const read = (name: string) => readFileSync(path.join(dir, name), 'latin1');

describe('-o FILE output switching', () => {
  test('switch_file() without -S: FILE, then FILE.1, FILE.2, at the next write', () => {
    const out = open('plain');
    out.write('a\n');
    out.flush();
    out.requestSwitch();
    assert.equal(existsSync(path.join(dir, 'plain.1')), false);
    out.write('b\n');
    out.flush();
    out.requestSwitch();
    out.requestSwitch();
    out.write('c\n');
    out.close();
    assert.deepEqual([read('plain'), read('plain.1'), read('plain.2')], ['a\n', 'b\n', 'c\n']);
  });

  test('-S SIZE,N: FILE.0 first, a new file once one holds more than SIZE MB, N kept', () => {
    const out = open('sized', { sizeMb: 1, maxFiles: 2 });
    const half = 'x'.repeat(512 * 1024);
    for (let i = 0; i < 7; i++) {
      out.write(half);
      out.flush();
    }
    out.close();
    // Files pass the size by one write: 3 halves each, then 3, then the last one.
    const files = readdirSync(dir)
      .filter((f) => f.startsWith('sized'))
      .sort();
    assert.deepEqual(files, ['sized.1', 'sized.2']);
    assert.equal(read('sized.1').length, 3 * half.length);
    assert.equal(read('sized.2').length, half.length);
  });

  test('switch requests without -o change nothing', () => {
    const written: string[] = [];
    const out = new ScriptOutput({ write: (t) => void written.push(t) });
    out.requestSwitch();
    out.write('a');
    out.close();
    assert.deepEqual(written, ['a']);
  });
});
