import { describe, expect, it } from 'vitest';
import { personText, safeFileName, textProblem } from '../../shared/domain/text.js';

describe('the text rule for everything a person types', () => {
  it.each([
    ['海山\u0001社区', 'TEXT_CONTROL_CHARACTER'],
    ['海山社区\u202eexe.txt', 'TEXT_BIDI_CONTROL'],
    ['海山社区\u2066', 'TEXT_BIDI_CONTROL'],
    ['\ud800测', 'TEXT_LONE_SURROGATE'],
    ['测\udc00', 'TEXT_LONE_SURROGATE'],
    ['名称\u0085', 'TEXT_CONTROL_CHARACTER'],
    ['名称\uffff', 'TEXT_NONCHARACTER'],
    ['第一行\n第二行', 'TEXT_CONTROL_CHARACTER'],
  ])('refuses %j with %s', (value, code) => {
    expect(textProblem(value)?.code).toBe(code);
  });

  it.each([['阿依古丽·买买提'], ['海山社区'], ['𠀀𠮷村'], ['Zhang San'], ['（2025）浙0902刑初88号']])('accepts %j', (value) => {
    expect(textProblem(value)).toBeNull();
  });

  it('allows line breaks and tabs where the field is multi-line', () => {
    expect(textProblem('第一行\n第二行\t缩进', { multiline: true })).toBeNull();
    expect(textProblem('第一行\u0007', { multiline: true })?.code).toBe('TEXT_CONTROL_CHARACTER');
  });

  it('a zod field trims, then refuses with the code and a Chinese message', () => {
    const name = personText({ max: 20 });
    expect(name.parse('  海山社区 ')).toBe('海山社区');
    const bad = name.safeParse('海山\u202e社区');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ message: '含有改变文字方向的控制字符 U+202E', params: { code: 'TEXT_BIDI_CONTROL' } });
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('不能为空');
  });
});

describe('safe file names', () => {
  it('replaces what could disguise or break a file name, whatever the text', () => {
    expect(safeFileName('海山社区\u202eexe.txt')).toBe('海山社区_exe.txt');
    expect(safeFileName('\ud800测')).toBe('_测');
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeFileName('...')).toBe('导出');
    expect(() => encodeURIComponent(safeFileName('\ud800测'))).not.toThrow();
  });
});
