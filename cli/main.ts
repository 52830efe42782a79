// The lianshen CLI. Every module in cli/commands/ registers one command (see CliCommand).
// Run it with `npm run lianshen -- <args>` or `npx lianshen <args>` (bin/lianshen.mjs).
import { Command, CommanderError } from 'commander';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext, type CliIO } from './context.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const COMMANDS_DIR = join(HERE, 'commands');
const COMMAND_FILE = /^[^.][\w-]*\.(?:[cm]?[jt]s)$/;

function isCliCommand(value: unknown): value is CliCommand {
  return typeof value === 'object' && value !== null && 'register' in value && typeof value.register === 'function';
}

async function loadCommands(): Promise<CliCommand[]> {
  const files = readdirSync(COMMANDS_DIR)
    .filter((f) => COMMAND_FILE.test(f) && !/\.d\.[cm]?ts$/.test(f))
    .map((f) => ({ file: f, name: f.replace(/\.[^.]+$/, '') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ file }) => file);
  const commands: CliCommand[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(COMMANDS_DIR, file)).href);
    const command = typeof mod === 'object' && mod !== null && 'command' in mod ? mod.command : undefined;
    if (!isCliCommand(command)) throw new Error(`cli/commands/${file} must export \`command\`, a CliCommand`);
    commands.push(command);
  }
  return commands;
}

function packageVersion(): string {
  const pkg = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8')));
  return pkg.success ? pkg.data.version : '0.0.0';
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    // `npm run` moves to the package root; INIT_CWD is where the user typed the command.
    cwd: process.env['npm_lifecycle_event'] === 'lianshen' ? (process.env['INIT_CWD'] ?? process.cwd()) : process.cwd(),
  };
}

/** Builds the program with all commands; actions write to `io` and set `context.exitCode`. */
export async function buildProgram(io: Partial<CliIO> = {}): Promise<{ program: Command; context: CliContext }> {
  const context: CliContext = { io: { ...processIO(), ...io }, exitCode: EXIT.ok };
  const program = new Command('lianshen')
    .description('村(社区)“两委”换届候选人资格联审')
    .version(packageVersion(), '-V, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => context.io.stdout(s), writeErr: (s) => context.io.stderr(s) })
    .showHelpAfterError('（用 lianshen --help 或 lianshen <命令> --help 查看用法）');
  for (const command of await loadCommands()) command.register(program, context);
  return { program, context };
}

/**
 * Runs the CLI in-process and returns the exit code: 0 ok, 1 invalid input or failed
 * verification, 2 usage errors and unreadable files, 3 unexpected internal errors.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const { program, context } = await buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliUsageError) {
      context.io.stderr(`错误：${error.message}\n`);
      return EXIT.usage;
    }
    context.io.stderr(`内部错误：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error; // e.g. `lianshen policies | head -1`
  });
  process.exitCode = await runCli(process.argv.slice(2));
}
