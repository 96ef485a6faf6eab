import { describe, expect, it } from 'vitest';
import { parseBootstrap, syncEnv } from './syncEnv';

describe('sync settings from the environment', () => {
  it('reads host:port lists, "none", and keeps the public nodes when unset', () => {
    expect(parseBootstrap('127.0.0.1:49737, node.example:1')).toEqual([
      { host: '127.0.0.1', port: 49737 },
      { host: 'node.example', port: 1 },
    ]);
    expect(parseBootstrap('none')).toEqual([]);
    expect(syncEnv({}).bootstrap).toBeUndefined();
    expect(syncEnv({ KINDRED_SYNC_LAN: '0', KINDRED_SYNC: '0' })).toMatchObject({ lan: false, enabled: false });
  });

  it('refuses malformed nodes with the value named', () => {
    expect(() => parseBootstrap('localhost')).toThrow(/"localhost" is not host:port/);
    expect(() => parseBootstrap('a:0')).toThrow(/"a:0"/);
    expect(() => parseBootstrap('a:99999')).toThrow(/"a:99999"/);
  });
});
