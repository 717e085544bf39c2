import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerState } from '../src/resilience/breaker.ts';

describe('circuit breaker', () => {
  const setup = (failureThreshold = 3) => {
    let now = 0;
    const states: BreakerState[] = [];
    const breaker = new CircuitBreaker(
      { failureThreshold, cooldownMs: 1_000 },
      (s) => states.push(s),
      () => now,
    );
    return { breaker, states, advance: (ms: number) => (now += ms) };
  };

  it('when failures are not consecutive, then the circuit stays closed', () => {
    const { breaker } = setup();
    for (let i = 0; i < 10; i++) {
      breaker.failure();
      breaker.failure();
      breaker.success();
    }
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('when N consecutive calls fail, then it opens, fails fast for the cool-down, then lets exactly one probe through', () => {
    const { breaker, states, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.failure();
    expect(breaker.state).toBe('open');
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(false); // a second caller while the probe is out
    breaker.failure();
    expect(breaker.state).toBe('open');
    advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('when the threshold is 0, then the breaker never opens', () => {
    const { breaker } = setup(0);
    for (let i = 0; i < 100; i++) breaker.failure();
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('closed');
  });
});
