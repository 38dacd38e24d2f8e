/** `scorecast`: the command line over the backend. Exit codes: 0 ok, 1 bad input, 2 usage, 3 internal error, 130 cancelled. */
import { Command, CommanderError } from 'commander';
import { CancelledError, UserError } from '../backend/errors';
import { registerCommands } from './commands';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('scorecast')
    .description('Cost-and-load simulator for CRM AI lead scoring: import CRM event exports, replay them through scoring strategies, compare cost, database load and freshness.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError) {
      console.error(`scorecast: ${err.message}`);
      return 1;
    }
    if (err instanceof CancelledError) {
      console.error(`scorecast: ${err.message}`);
      return 130;
    }
    console.error(`scorecast: internal error: ${(err as Error).message ?? err}\n(please report this with the command you ran)`);
    if (process.env.SCORECAST_DEBUG) console.error((err as Error).stack);
    return 3;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
