// Registers the aws-sdk-client-mock matchers (toHaveReceivedCommandTimes, …) with vitest.
import { expect } from 'vitest';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import type {} from 'aws-sdk-client-mock-vitest/extend';

expect.extend(allCustomMatcher);
