// A missing tool skips its tests on a developer machine but fails them under CI.
import { describe, expect, it } from 'vitest';
import { isCi, missingTool } from './tools.js';

describe('tests that need a tool of the machine', () => {
  it('run when the tool is there', () => {
    expect(missingTool('Java 17', true, 'apt-get install -y openjdk-17-jre-headless', { CI: 'true' })).toBe(false);
  });

  it('fail under CI when the tool is missing, naming it and how to install it', () => {
    expect(() => missingTool('the AWS CLI', false, 'apt-get install -y awscli', { CI: 'true' })).toThrow(
      'the AWS CLI is required under CI but is not available (apt-get install -y awscli)',
    );
  });

  it('are skipped elsewhere, saying why', () => {
    const said: string[] = [];
    expect(missingTool('the AWS CLI', false, 'apt-get install -y awscli', {}, (line) => said.push(line))).toBe(true);
    expect(said).toEqual(['skipping: the AWS CLI is not available (apt-get install -y awscli)']);
  });

  it('read CI as most CI systems set it', () => {
    expect([isCi({ CI: 'true' }), isCi({ CI: '1' }), isCi({ CI: 'false' }), isCi({ CI: '0' }), isCi({ CI: '' }), isCi({})]).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
