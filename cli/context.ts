// What every command gets: where to write, where relative paths start, and how to set the exit code.
import type { Command } from 'commander';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative file arguments are resolved against this. */
  cwd: string;
}

export interface CliContext {
  io: CliIO;
  /** 0 success, 1 the input is invalid / verification failed. Usage errors throw CliUsageError (exit 2). */
  exitCode: number;
}

/**
 * A command module: every file in cli/commands/ exports `command` of this shape and is picked up
 * by cli/main.ts, so adding a command is a one-file change. Import heavy dependencies inside the
 * action, not at the top, to keep the other commands quick to start.
 */
export interface CliCommand {
  register(program: Command, context: CliContext): void;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

/** A problem with how the CLI was called or with reading/writing its files: exit 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
