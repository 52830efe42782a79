import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, CanonicalJsonError } from '../../../shared/domain/audit/canonical.js';

describe('canonicalJson', () => {
  it('sorts object keys and emits no whitespace, recursively', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Compare text: Object.keys on a parsed object would put "1" first again.
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('reproduces the RFC 8785 §3.2.4 example byte for byte', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [5e-324, '5e-324'],
    [-1.5, '-1.5'],
    [9007199254740992, '9007199254740992'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [295147905179352830000, '295147905179352830000'],
  ])('serialises the number %s as %s', (n, expected) => {
    expect(canonicalJson(n)).toBe(expected);
    expect(canonicalJson([n])).toBe(`[${expected}]`);
  });

  it('keeps non-ASCII text as is and escapes only what JSON.stringify escapes', () => {
    expect(canonicalJson({ name: '阿旺·扎西 བཀྲ་ཤིས་', q: 'a"b\\c\n\u0001' })).toBe('{"name":"阿旺·扎西 བཀྲ་ཤིས་","q":"a\\"b\\\\c\\n\\u0001"}');
  });

  it('omits object members that are undefined, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('accepts objects without a prototype', () => {
    const o: Record<string, unknown> = Object.create(null);
    o['k'] = 1;
    expect(canonicalJson(o)).toBe('{"k":1}');
  });

  it.each<[string, unknown, string]>([
    ['NaN', { a: Number.NaN }, '$.a'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '$'],
    ['undefined in an array', [1, undefined], '$[1]'],
    ['a hole in an array', Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 }), '$[1]'],
    ['undefined at the top', undefined, '$'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', { s: Symbol('x') }, '$.s'],
    ['a bigint', { n: 10n }, '$.n'],
    ['a Date', { d: new Date(0) }, '$.d'],
    ['a Map', new Map([[1, 2]]), '$'],
  ])('rejects %s with an error naming the path', (_label, value, path) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect(error instanceof CanonicalJsonError && error.path).toBe(path);
  });

  it('rejects circular structures but allows shared (non-circular) references', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
  });

  it('is a fixed point: parsing the output and canonicalising again gives the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('does not depend on the order members were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });
});
