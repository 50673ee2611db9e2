import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatPrint,
  formatPrintd,
  formatPrintdln,
  formatPrintln,
  formatSprint,
  formatSprintd,
  formatSprintdln,
  formatSprintln,
} from './print.js';
import { STP_BUFFER_SIZE } from './printf.js';

describe('print and println', () => {
  test('longs in decimal, strings raw, back to back', () => {
    assert.equal(formatPrint(['pid ', 4321n, ' exited ', -2n]), 'pid 4321 exited -2');
    assert.equal(formatPrint([(1n << 63n) - 1n]), '9223372036854775807');
    assert.equal(formatPrintln(['tick', 7n]), 'tick7\n');
    assert.equal(formatPrintln([]), '\n');
    assert.equal(formatPrintln(['']), '\n');
  });

  test('no escaping of bytes', () => {
    assert.equal(formatPrint(['tab\there "q" 100%']), 'tab\there "q" 100%');
  });

  test('a stream print writes at most STP_BUFFER_SIZE bytes', () => {
    const chunk = 'z'.repeat(500);
    assert.equal(formatPrintln(Array.from({ length: 20 }, () => chunk)).length, STP_BUFFER_SIZE);
  });
});

describe('printd and printdln', () => {
  test('the delimiter goes between values only', () => {
    assert.equal(formatPrintd(', ', ['read', 3n, 'write']), 'read, 3, write');
    assert.equal(formatPrintd('%', [1n, 2n]), '1%2');
    assert.equal(formatPrintdln(' | ', [-1n, 'x']), '-1 | x\n');
  });
});

describe('sprint forms', () => {
  test('return the same text', () => {
    assert.equal(formatSprint(['cpu', 3n], 512), 'cpu3');
    assert.equal(formatSprintln([5n], 512), '5\n');
    assert.equal(formatSprintd(':', ['a', 'b', 9n], 512), 'a:b:9');
    assert.equal(formatSprintdln(':', ['a', 'b'], 512), 'a:b\n');
  });

  test('truncate to MAXSTRINGLEN-1 bytes', () => {
    assert.equal(formatSprint(['abcdef', 123456n], 8), 'abcdef1');
    assert.equal(formatSprintln(['abcdefg'], 8), 'abcdefg');
    assert.equal(formatSprintd('--', ['ab', 'cd', 'ef'], 8), 'ab--cd-');
  });
});
