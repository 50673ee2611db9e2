import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { onSwitchSignal } from './switch-signal.js';

async function signalled(): Promise<void> {
  process.kill(process.pid, 'SIGUSR2');
  // Signals reach the listeners from the event loop.
  for (let i = 0; i < 20; i++) await sleep(10);
}

test('SIGUSR2 goes to the running session, and is ignored (not fatal) without one', async () => {
  let switches = 0;
  onSwitchSignal(() => switches++);
  await signalled();
  assert.equal(switches, 1);
  onSwitchSignal(undefined);
  await signalled();
  assert.equal(switches, 1);
});
