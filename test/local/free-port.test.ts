import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, PORT_RANGE } from '../../local/stack.js';

const everyPort = () => Array.from({ length: PORT_RANGE.size }, (_, i) => PORT_RANGE.first + i);

describe('picking a free port for an emulator', () => {
  it('never picks a port already picked for another part of the stack', async () => {
    const only = await freePort();
    expect(await freePort(new Set(everyPort().filter((p) => p !== only)))).toBe(only);
    await expect(freePort(new Set(everyPort()))).rejects.toThrow('no free port');
  });

  it('skips a port something is listening on', async () => {
    const port = await freePort();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      await expect(freePort(new Set(everyPort().filter((p) => p !== port)))).rejects.toThrow('no free port');
    } finally {
      busy.close();
    }
  });
});
