// The route fuzz as test blocks, for the routes a file selects (two files run in parallel).
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Vocabulary } from './arbitraries.js';
import {
  admitted,
  FUZZ_SEED,
  functionOf,
  type FuzzRequest,
  judge,
  probesFor,
  resetMocks,
  ROUTE_KEYS,
  ROUTE_TABLES,
  routeArbitraries,
  run,
  runsFor,
  takesNothing,
} from './harness.js';
import { vocabulary } from './vocabulary.js';

export function fuzzRoutes(select: (routeKey: string) => boolean): void {
  let vocab: Vocabulary;
  beforeAll(async () => {
    vocab = await vocabulary();
  });
  beforeEach(resetMocks);

  const selected = ROUTE_KEYS.filter(select);
  const classes = [...new Set(selected.map((k) => functionOf(k) ?? '(unrouted)'))];

  it('every selected contract route is served by a function this suite can build', () => {
    for (const key of selected) {
      const fn = functionOf(key);
      expect(fn, `${key} is in ROUTE_CONTRACT but not in infra/routes.ts`).toBeDefined();
      expect(fn !== undefined && ROUTE_TABLES[fn] !== undefined, `${key}: add ${fn} to ROUTE_TABLES in test/fuzz/harness.ts`).toBe(true);
    }
  });

  for (const fn of classes) {
    describe(`fuzzing ${fn}`, () => {
      for (const routeKey of selected.filter((k) => functionOf(k) === fn)) {
        it(`${routeKey} never answers 5xx, refuses in Chinese with a code and writes nothing on refusal (${runsFor(routeKey)} inputs)`, async () => {
          const { shaped, any } = routeArbitraries(routeKey, vocab);
          // A route that takes nothing is fuzzed by caller alone: no probing needed.
          const reached = takesNothing(routeKey) ? [] : await admitted(routeKey, shaped, probesFor(routeKey));
          // Half the inputs come as a caller (and path) that reached the route's logic, so they get past the door.
          const request: fc.Arbitrary<FuzzRequest> =
            reached.length === 0
              ? any
              : fc.oneof(
                  any,
                  fc
                    .tuple(fc.constantFrom(...reached), any, fc.boolean())
                    .map(([ctx, r, keepParams]): FuzzRequest => ({ ...r, caller: ctx.caller, params: keepParams ? ctx.params : r.params })),
                );
          await fc.assert(
            fc.asyncProperty(request, async (req) => judge(routeKey, await run(routeKey, req))),
            { numRuns: runsFor(routeKey), seed: FUZZ_SEED },
          );
        });
      }
    });
  }
}
