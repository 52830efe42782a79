// Layer rules, checked by `npm run lint` (dependency-cruiser). The layers, innermost first:
//   shared/domain    pure rules: zod and pure Node built-ins only; no I/O, no AWS SDK, no file formats
//   shared/app       one use case a file: the domain and its own ports (shared/app/ports.ts)
//   shared/api       the HTTP contract (zod), also compiled into the portal: zod and domain types only
//   shared/adapters  DynamoDB, Step Functions, SQS, files, HTTP: implement the ports
//   functions/, local/, infra/, cli/   entry points
// tools/layers-selfcheck.mjs proves each rule fires on the fixtures in test/fixtures/layers/.

/** Pure Node built-ins: no I/O, no process state. */
const PURE_BUILTINS = '^(node:)?(crypto|buffer)$';
const ZOD = '(^|/)node_modules/zod/';
const ENTRY_POINTS = '^(functions|local|infra|cli|bench|scripts|tools|portal|test)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      comment:
        'The domain is pure: other domain modules, zod and pure Node built-ins (crypto, buffer). File formats and AWS live in adapters.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', ZOD, PURE_BUILTINS] },
    },
    {
      name: 'app-imports-only-domain-and-ports',
      comment:
        'A use case talks to the domain and to its own ports (shared/app/ports.ts); never to an AWS SDK, a file format or an adapter.',
      severity: 'error',
      from: { path: '^shared/app/' },
      to: { pathNot: ['^shared/(app|domain)/', ZOD, PURE_BUILTINS] },
    },
    {
      name: 'api-contract-imports-only-domain',
      comment: 'The API contract is compiled into the portal too: zod and domain types, nothing that needs Node.',
      severity: 'error',
      from: { path: '^shared/api/' },
      to: { pathNot: ['^shared/(api|domain)/', ZOD] },
    },
    {
      name: 'shared-never-imports-entry-points',
      comment: 'shared/ is below functions/, local/, infra/, cli/ (and the tests): dependencies point down.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ENTRY_POINTS },
    },
    {
      name: 'functions-import-only-shared',
      comment: 'A Lambda handler wires shared code; it never reaches into the local stack, infra or the CLI.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(local|infra|cli|bench|scripts|tools|portal|test)/' },
    },
    {
      name: 'infra-not-into-local-or-cli',
      comment: 'The CDK app reads the function manifest and shared code, never the local stack or the CLI.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(local|cli|bench|scripts|tools|portal|test)/' },
    },
    {
      name: 'local-not-into-cli',
      comment: 'local/ holds the emulators; the API client (cli/lib) uses them, not the other way round.',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^(cli|bench|scripts|tools|portal|test)/' },
    },
    {
      name: 'portal-imports-server-types-only',
      comment: 'Vite builds the portal from portal/: server modules come in as `import type` only.',
      severity: 'error',
      from: { path: '^portal/src/' },
      to: { path: '^(shared|functions|local|infra|cli)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Only tests import from test/.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|portal/dist|\\.data|\\.cache)/|^test/fixtures/layers/' },
    // Type-only imports count: a type from an AWS SDK in the domain is still a dependency on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
