/**
 * Interval timers for `timer.s/ms/us/ns/hz/jiffies` probes, with hrtimer semantics: the first
 * expiry one interval after start, each later one an interval after the previous expiry (a new
 * random offset in ±randomize each time), and missed expiries skipped rather than queued
 * (`hrtimer_forward`). Node's timers wake at millisecond granularity, so faster timers fire
 * once per wakeup.
 */

export interface IntervalTimer {
  readonly periodNs: bigint;
  /** `.randomize(N)` in ns: each interval is period ± a uniform random amount up to this. */
  readonly randomizeNs: bigint;
  readonly fire: () => void;
}

interface Scheduled {
  readonly timer: IntervalTimer;
  dueNs: bigint;
}

function interval(t: IntervalTimer): bigint {
  let ns = t.periodNs;
  if (t.randomizeNs > 0n) {
    const span = Number(2n * t.randomizeNs + 1n);
    ns += BigInt(Math.floor(Math.random() * span)) - t.randomizeNs;
  }
  return ns < 1n ? 1n : ns;
}

export class TimerScheduler {
  private readonly scheduled: Scheduled[];
  private handle: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    timers: readonly IntervalTimer[],
    private readonly now: () => bigint = () => process.hrtime.bigint(),
  ) {
    const start = this.now();
    this.scheduled = timers.map((timer) => ({ timer, dueNs: start + interval(timer) }));
  }

  start(): void {
    if (this.scheduled.length === 0) return;
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    if (!this.running) return;
    let next = this.scheduled[0]!.dueNs;
    for (const s of this.scheduled) if (s.dueNs < next) next = s.dueNs;
    const waitNs = next - this.now();
    const waitMs = waitNs <= 0n ? 0 : Number(waitNs / 1_000_000n);
    this.handle = setTimeout(() => this.wake(), waitMs);
  }

  private wake(): void {
    this.handle = undefined;
    const now = this.now();
    for (const s of this.scheduled) {
      if (!this.running) return;
      if (s.dueNs > now) continue;
      s.timer.fire();
      s.dueNs += interval(s.timer);
      if (s.dueNs <= now) {
        // Skip the expiries we slept through, keeping the phase.
        const period = s.timer.periodNs > 0n ? s.timer.periodNs : 1n;
        s.dueNs += ((now - s.dueNs) / period + 1n) * period;
      }
    }
    this.arm();
  }
}
