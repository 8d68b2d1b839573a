/** A pool child that takes tasks and never answers them: for processes.test.ts. */
import { serveTasks } from '../../src/ingest/processes.js';

serveTasks<number, number>(() => new Promise<number>(() => {}));
