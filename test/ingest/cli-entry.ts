/** The ingest commands alone, for tests that run them as a child process (src/cli/main.ts wires the same). */
import { Command } from 'commander';
import { registerIngest } from '../../src/cli/ingest.js';

const program = new Command();
program.name('nianbao');
registerIngest(program);
await program.parseAsync(process.argv);
