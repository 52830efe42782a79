// Account rules: roles are the API's group names, login names and mobile numbers are normalised
// or refused with a code, and the password policy names the first rule a password breaks.
import { describe, expect, it } from 'vitest';
import {
  ChineseMobile,
  chineseMobile,
  maskPhone,
  parseRole,
  passwordProblem,
  RoleName,
  roleGroup,
  Username,
} from '../../shared/domain/accounts.js';

/** The stable code a refused value carries (the custom issue's params.code). */
function codeOf(result: { error?: { issues: ReadonlyArray<{ code: string; params?: Record<string, unknown> }> } }): unknown {
  const issue = result.error?.issues[0];
  return issue?.code === 'custom' ? issue.params?.['code'] : undefined;
}

describe('roles', () => {
  it('are orgdept, township:<code> or department:<code>, and round-trip to the group name', () => {
    for (const g of ['orgdept', 'township:baiquan', 'department:public-security']) {
      const role = parseRole(g);
      expect(role).not.toBeNull();
      if (role) expect(roleGroup(role)).toBe(g);
    }
    for (const bad of ['admin', 'township:', 'township:白泉', 'department:Court', 'orgdept:x', 'township:a b'])
      expect(parseRole(bad)).toBeNull();
    const r = RoleName.safeParse('township:白泉');
    expect(r.success).toBe(false);
    expect(codeOf(r)).toBe('ROLE_INVALID');
  });
});

describe('login names', () => {
  it('are lower-cased and refused with a code when they do not fit', () => {
    expect(Username.parse(' Wang.Li ')).toBe('wang.li');
    for (const bad of ['wl', '1abc', 'wang li', '王丽', 'a'.repeat(33)]) {
      const r = Username.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(codeOf(r)).toBe('USERNAME_INVALID');
    }
  });
});

describe('mobile numbers', () => {
  it('accept what people type and store E.164', () => {
    expect(chineseMobile('13812345678')).toBe('+8613812345678');
    expect(chineseMobile('+86 138-1234-5678')).toBe('+8613812345678');
    expect(chineseMobile('0086 19912345678')).toBe('+8619912345678');
    expect(chineseMobile('１３８１２３４５６７８')).toBe('+8613812345678');
    expect(chineseMobile('8613812345678')).toBe('+8613812345678');
  });

  it('refuse landlines, short numbers and other ranges with a code', () => {
    for (const bad of ['0580-2012345', '1381234567', '12812345678', '138123456789', '+1 415 555 0100', 'abc']) {
      expect(chineseMobile(bad), bad).toBeNull();
      const r = ChineseMobile.safeParse(bad);
      expect(r.success).toBe(false);
      expect(codeOf(r)).toBe('PHONE_INVALID');
    }
  });

  it('are masked for lists', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
  });
});

describe('the password policy', () => {
  const user = { username: 'wang.li' };

  it('accepts ten characters of three classes', () => {
    expect(passwordProblem('Haishan2027', user)).toBeNull();
    expect(passwordProblem('haishan-2027', user)).toBeNull();
    expect(passwordProblem('海山社区Ab12345', user)).toBeNull();
  });

  it('names the first rule a password breaks, in Chinese', () => {
    const cases: Array<[string, string]> = [
      ['Ab1!', 'PASSWORD_TOO_SHORT'],
      ['abcdefghijkl', 'PASSWORD_TOO_SIMPLE'],
      ['abcdefgh1234', 'PASSWORD_TOO_SIMPLE'],
      ['Wang.Li-2027', 'PASSWORD_IS_USERNAME'],
      ['Password@123', 'PASSWORD_TOO_COMMON'],
      ['lianshen-demo', 'PASSWORD_TOO_SIMPLE'],
      [`Aa1${'x'.repeat(130)}`, 'PASSWORD_TOO_LONG'],
    ];
    for (const [password, code] of cases) {
      const problem = passwordProblem(password, user);
      expect(problem?.code, password).toBe(code);
      expect(problem?.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(passwordProblem('Haishan2027', { ...user, current: 'Haishan2027' })?.code).toBe('PASSWORD_UNCHANGED');
  });
});
