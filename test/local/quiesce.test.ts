import { describe, expect, it } from 'vitest';
import { Quiesce, QuiesceTimeoutError } from '../../local/quiesce.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the quiesce gate', () => {
  it('lets work inside finish, holds new work until resumed, then lets it in', async () => {
    const gate = new Quiesce();
    const order: string[] = [];
    const leave = await gate.enter();
    let paused = false;
    const pausing = gate.pause(1000).then(() => {
      paused = true;
      order.push('paused');
    });
    const late = gate.run(async () => void order.push('late work'));
    await tick();
    expect(paused).toBe(false);
    order.push('inside done');
    leave();
    await pausing;
    await tick();
    expect(order).toEqual(['inside done', 'paused']);
    gate.resume();
    await late;
    expect(order).toEqual(['inside done', 'paused', 'late work']);
  });

  it('gives up after the timeout and opens again', async () => {
    const gate = new Quiesce();
    const leave = await gate.enter();
    await expect(gate.pause(20)).rejects.toBeInstanceOf(QuiesceTimeoutError);
    expect(gate.isPaused).toBe(false);
    await gate.run(async () => undefined);
    leave();
  });
});
