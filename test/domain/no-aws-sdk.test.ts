// The domain must stay pure: no AWS SDK, Lambda tooling or CDK, so it runs anywhere (CLI,
// portal, tests) and can be reasoned about without the cloud.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOMAIN_DIR = fileURLToPath(new URL('../../shared/domain/', import.meta.url));
const CODE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const FORBIDDEN = /^(?:@aws-sdk\/|aws-sdk(?:\/|$)|@aws-lambda-powertools\/|@middy\/|aws-cdk-lib(?:\/|$))/;

// Module specifiers in every form that loads a module. Whole-text matching, so an import
// spread over several lines is still caught. Comments are not stripped: quoting such an
// import in a comment is flagged too, which errs on the safe side.
const SPECIFIER_PATTERNS = [
  /\bfrom\s*(['"])([^'"\n]+)\1/g, // import … from 'x', export … from 'x'
  /\bimport\s*(['"])([^'"\n]+)\1/g, // import 'x'
  /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1/g, // import('x')
  /\brequire\s*\(\s*(['"`])([^'"`\n]+)\1/g, // require('x'), import x = require('x')
];

interface Offence {
  line: number;
  specifier: string;
}

function findForbiddenImports(source: string): Offence[] {
  const offences: Offence[] = [];
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[2];
      if (specifier === undefined || !FORBIDDEN.test(specifier)) continue;
      const offset = (match.index ?? 0) + match[0].indexOf(specifier);
      offences.push({ line: source.slice(0, offset).split('\n').length, specifier });
    }
  }
  return offences.sort((a, b) => a.line - b.line);
}

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return entry.isFile() && CODE_FILE.test(entry.name) ? [path] : [];
  });
}

describe('the domain imports no AWS SDK, Powertools, Middy or CDK', () => {
  it('holds for every file under shared/domain/', () => {
    const files = codeFiles(DOMAIN_DIR);
    expect(files.map((f) => relative(DOMAIN_DIR, f))).toContain('model.ts');
    const offences = files.flatMap((file) =>
      findForbiddenImports(readFileSync(file, 'utf8')).map(
        ({ line, specifier }) => `shared/domain/${relative(DOMAIN_DIR, file).replaceAll('\\', '/')}:${line} imports ${specifier}`,
      ),
    );
    expect(offences).toEqual([]);
  });
});

describe('findForbiddenImports (self-test of the guard)', () => {
  it('flags every way of loading a forbidden module, with its line', () => {
    const snippet = [
      "import { z } from 'zod';", // 1
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", // 2
      'import {', // 3
      '  SQSClient,', // 4
      '} from "@aws-sdk/client-sqs";', // 5
      "import type { Logger } from '@aws-lambda-powertools/logger';", // 6
      "export { Stack } from 'aws-cdk-lib';", // 7
      "export * from 'aws-cdk-lib/aws-s3';", // 8
      "const middy = await import('@middy/core');", // 9
      "const AWS = require('aws-sdk');", // 10
      "import 'aws-sdk/global';", // 11
      'import sfn = require(`@aws-sdk/client-sfn`);', // 12
    ].join('\n');
    expect(findForbiddenImports(snippet)).toEqual([
      { line: 2, specifier: '@aws-sdk/client-dynamodb' },
      { line: 5, specifier: '@aws-sdk/client-sqs' },
      { line: 6, specifier: '@aws-lambda-powertools/logger' },
      { line: 7, specifier: 'aws-cdk-lib' },
      { line: 8, specifier: 'aws-cdk-lib/aws-s3' },
      { line: 9, specifier: '@middy/core' },
      { line: 10, specifier: 'aws-sdk' },
      { line: 11, specifier: 'aws-sdk/global' },
      { line: 12, specifier: '@aws-sdk/client-sfn' },
    ]);
  });

  it('leaves allowed modules and look-alike names alone', () => {
    const snippet = [
      "import { createHash } from 'node:crypto';",
      "import { x } from './aws-sdk-free.js';",
      "import { y } from 'my-aws-sdk-helper';",
      "const label = 'uses no @aws-sdk/client-dynamodb';",
    ].join('\n');
    expect(findForbiddenImports(snippet)).toEqual([]);
  });
});
