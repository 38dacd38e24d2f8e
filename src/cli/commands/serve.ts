import type { Command } from 'commander';
import { UserError } from '../../backend/errors';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1 (not built yet)')
    .action(() => {
      throw new UserError('serve is not available in this build yet');
    });
}
