import type { Command } from 'commander';
import { registerData } from './data';
import { registerSimulate } from './simulate';
import { registerDemo } from './demo';
import { registerServe } from './serve';
import { registerWhatIf } from './whatif';
import { registerAnalysis } from './analysis';

export function registerCommands(program: Command): void {
  registerData(program);
  registerSimulate(program);
  registerDemo(program);
  registerServe(program);
  registerWhatIf(program);
  registerAnalysis(program);
}
