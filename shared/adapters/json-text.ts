// JSON text that must hold a given shape (an SQS body, an execution's input): one zod schema parses
// the text and checks what it holds, so a record that is not JSON fails like one of the wrong shape.
import { z } from 'zod';

export function jsonText<T extends z.ZodType>(schema: T, what: string) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        const parsed: unknown = JSON.parse(text);
        return parsed;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${what} is not JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
