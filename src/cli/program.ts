/**
 * The `clusterkit` program (every command registered) and {@link runCli}, which runs one command line in-process:
 * `main.ts` calls it with `process.argv`; tests call it directly.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT_USAGE } from './common.js';
import { addMemoryBudgetOption } from './memoryBudget.js';
import { oneLine } from './messages.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('clusterkit')
    .description('Cluster analysis and density estimation: k-means, hierarchical, Gaussian mixtures, KDE, metrics.')
    .version(version())
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`clusterkit: ${oneLine(str.trimEnd())} (see --help)\n`) });
  addMemoryBudgetOption(program);
  for (const register of COMMANDS) register(program);
  for (const c of program.commands) {
    c.exitOverride();
    reportUnknownOptionsFirst(c);
  }
  return program;
}

/**
 * Makes a command report an unknown option (`--k3`) before a missing required one: commander checks required
 * options first, which would answer a typo of `-k 3` with "required option '-k' not specified".
 */
function reportUnknownOptionsFirst(cmd: Command): void {
  const parseOptions = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (args) => {
    const parsed = parseOptions(args);
    const first = parsed.unknown[0];
    // commander's own report (with its "did you mean" suggestion); untyped but public in commander 14, which is pinned.
    if (first?.startsWith('-') && first !== '-' && first !== '-h' && first !== '--help')
      (cmd as unknown as { unknownOption(flag: string): never }).unknownOption(first);
    return parsed;
  };
}

/**
 * Runs one command line (`argv` as `process.argv`: node, script, then the arguments) and sets `process.exitCode`:
 * 0 success or help, 2 bad usage or bad input (one line on stderr), 1 anything else.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      process.exitCode = EXIT_USAGE;
      return;
    }
    throw e;
  }
}
