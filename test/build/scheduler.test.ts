import { describe, expect, it } from 'vitest';
import { runInOrder, withDependencies } from '../../src/build/scheduler.js';

describe('the build scheduler', () => {
  it('starts an image only after the images it depends on, and never runs more than `jobs` at once', async () => {
    const deps: Record<string, string[]> = { base: [], train: ['base'], serve: ['base'], evaluate: ['train'], other: [] };
    const events: string[] = [];
    let running = 0;
    let most = 0;
    await runInOrder(Object.keys(deps), 2, (name) => deps[name]!, async (name) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, name === 'train' ? 30 : 5));
      events.push(`end ${name}`);
      running--;
    });
    expect(most).toBe(2);
    const at = (event: string) => events.indexOf(event);
    expect(at('start train')).toBeGreaterThan(at('end base'));
    expect(at('start serve')).toBeGreaterThan(at('end base'));
    expect(at('start evaluate')).toBeGreaterThan(at('end train'));
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(5);
  });

  it('runs a shared dependency once', async () => {
    const runs: string[] = [];
    await runInOrder(['a', 'b', 'c'], 3, (name) => (name === 'a' ? [] : ['a']), async (name) => void runs.push(name));
    expect(runs.sort()).toEqual(['a', 'b', 'c']);
  });

  it('--only selects the named images and what they are built after, in build order', () => {
    const order = ['base', 'train', 'serve', 'evaluate', 'other'];
    const deps: Record<string, string[]> = { base: [], train: ['base'], serve: ['base'], evaluate: ['train'], other: [] };
    expect(withDependencies(['evaluate'], order, (n) => deps[n]!)).toEqual({ selected: ['base', 'train', 'evaluate'], unknown: [] });
    expect(withDependencies(['serve', 'other', 'nope'], order, (n) => deps[n]!)).toEqual({ selected: ['base', 'serve', 'other'], unknown: ['nope'] });
  });

  it('--only follows a chain of 100,000 images, each extending the one before, without running out of stack', () => {
    const order = Array.from({ length: 100_000 }, (_, i) => `i${i}`);
    const { selected } = withDependencies([order.at(-1)!], order, (n) => (n === 'i0' ? [] : [`i${Number(n.slice(1)) - 1}`]));
    expect(selected).toEqual(order);
  });
});
