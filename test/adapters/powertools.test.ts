import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, maskIdLike, metrics, redactForLog } from '../../shared/adapters/powertools.js';
import { ID_A } from './samples.js';

describe('log redaction', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('masks anything shaped like an ID number', () => {
    expect(maskIdLike(`候选人 ${ID_A} 有记录`)).toBe(`候选人 ${ID_A.slice(0, 6)}********${ID_A.slice(14)} 有记录`);
    expect(maskIdLike('old id 110101800101123.')).toBe('old id 110101********1123.');
  });

  it('redacts personal keys but keeps error names', () => {
    const text = JSON.stringify(
      {
        name: '王一',
        idNumber: ID_A,
        relatives: [{ name: '王父' }],
        error: { name: 'ConditionalCheckFailedException' },
        taskToken: 'secret-token',
      },
      redactForLog,
    );
    expect(text).not.toContain('王一');
    expect(text).not.toContain('王父');
    expect(text).not.toContain(ID_A);
    expect(text).not.toContain('secret-token');
    expect(text).toContain('ConditionalCheckFailedException');
  });

  it('keeps personal data out of what the logger writes', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    logger.info(`checking ${ID_A}`, { name: '张三', candidate: { idNumber: ID_A } });
    const out = lines.join('\n');
    expect(out).toContain(`checking ${ID_A.slice(0, 6)}********`);
    expect(out).not.toContain(ID_A);
    expect(out).not.toContain('张三');
  });
});

describe('metrics warnings', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stays quiet when an invocation emitted no metric, but still warns through the logger otherwise', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const messages = () => warn.mock.calls.map((call) => String(call[0]));
    metrics.publishStoredMetrics();
    expect(messages().filter((m) => m.startsWith('No application metrics'))).toEqual([]);
    metrics.addDimension('', '');
    expect(messages().some((m) => m.includes("doesn't meet the requirements"))).toBe(true);
  });
});
