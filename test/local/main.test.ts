// `npm start`'s options: demo mode keeps its own data folder, the portal and API may listen on
// another address, and an address that is neither an IP nor a host name is refused.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectHost } from '../../local/http.js';
import { parseMainArgs } from '../../local/main.js';
import { DEFAULT_DATA_DIR } from '../../local/stack-info.js';

describe('npm start options', () => {
  it('run a county’s own data by default, on 127.0.0.1, without demo accounts', () => {
    expect(parseMainArgs([])).toMatchObject({ demo: false, listen: '127.0.0.1', trustProxy: false, dataDir: DEFAULT_DATA_DIR });
  });

  it('keep demo data in a folder of its own', () => {
    expect(parseMainArgs(['--demo'])).toMatchObject({ demo: true, dataDir: join(DEFAULT_DATA_DIR, 'demo') });
    expect(parseMainArgs(['--demo', '--data-dir', '/srv/x'])).toMatchObject({ demo: true, dataDir: '/srv/x' });
  });

  it('listen where they are told, and refuse what is not an address', () => {
    expect(parseMainArgs(['--listen', '0.0.0.0', '--trust-proxy'])).toMatchObject({ listen: '0.0.0.0', trustProxy: true });
    expect(parseMainArgs(['--listen', '192.168.10.5']).listen).toBe('192.168.10.5');
    expect(parseMainArgs(['--listen', '::']).listen).toBe('::');
    expect(parseMainArgs(['--listen', 'lianshen.local']).listen).toBe('lianshen.local');
    expect(() => parseMainArgs(['--listen', 'http://x'])).toThrow(/--listen/);
    expect(() => parseMainArgs(['--listen', 'a b'])).toThrow(/--listen/);
  });

  it('print a URL a client on this machine can open, whatever the listen address', () => {
    expect(connectHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectHost('::')).toBe('[::1]');
    expect(connectHost('fd00::5')).toBe('[fd00::5]');
    expect(connectHost('192.168.10.5')).toBe('192.168.10.5');
  });
});
