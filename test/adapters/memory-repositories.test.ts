// The in-memory fake the handler tests run on keeps the same repository contract as DynamoDB
// (test/adapters/dynamodb-repositories.test.ts runs the very same suite there).
import { describe } from 'vitest';
import { accountStoreContract } from './account-store-contract.js';
import { memoryAccountStore } from './memory-accounts.js';
import { memoryRepositories } from './memory-repositories.js';
import { repositoryContract } from './repository-contract.js';

describe('the in-memory repositories (the handler tests’ fake)', () => {
  repositoryContract(async () => {
    const repos = memoryRepositories();
    return {
      repos,
      // One store per process: a second handle is the same store.
      other: () => repos,
      extractRowCount: async () => [...repos.state.extracts.values()].reduce((n, e) => n + e.rows.length, 0),
    };
  });
});

describe('the in-memory account store (the sign-in tests’ fake)', () => {
  accountStoreContract(async () => memoryAccountStore());
});
