// The verified-token memory shared by the gateway and the subgraphs: a remembered viewer comes back
// as a fresh copy until its time, never after, and the oldest entry leaves when the map is full.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RememberedViewers } from '../src/remembered-viewers.ts';

afterEach(() => vi.useRealTimers());

describe('RememberedViewers', () => {
  it('gives a copy of the viewer until its time, then forgets it', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const viewers = new RememberedViewers(10);
    viewers.remember('t1', { role: 'partner', partnerId: 'ial' }, 1_000_500);
    const first = viewers.get('t1')!;
    expect(first).toEqual({ role: 'partner', partnerId: 'ial' });
    first.operationName = 'Mine';
    expect(viewers.get('t1')).toEqual({ role: 'partner', partnerId: 'ial' });
    vi.setSystemTime(1_000_500);
    expect(viewers.get('t1')).toBeUndefined();
    vi.setSystemTime(1_000_000);
    expect(viewers.get('t1')).toBeUndefined(); // an expired entry is dropped, not revived
  });

  it('drops the oldest token when full', () => {
    const viewers = new RememberedViewers(2);
    const until = Date.now() + 60_000;
    viewers.remember('a', { role: 'bi' }, until);
    viewers.remember('b', { role: 'region' }, until);
    viewers.remember('c', { role: 'anonymous' }, until);
    expect(viewers.get('a')).toBeUndefined();
    expect(viewers.get('b')?.role).toBe('region');
    expect(viewers.get('c')?.role).toBe('anonymous');
  });
});
