/** The backup commands alone, for tests that run them as a child process (src/cli/main.ts wires the same). */
import { Command } from 'commander';
import { registerBackup } from '../../src/cli/backup.js';

const program = new Command();
program.name('nianbao');
registerBackup(program);
await program.parseAsync(process.argv);
