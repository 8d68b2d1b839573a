/** Default pool size: one worker per core, at most 8 (the writer is single anyway). Its own module so that the CLI's help can name it without loading the pool. */
import { availableParallelism } from 'node:os';

export const defaultJobs = (): number => Math.max(1, Math.min(8, availableParallelism()));
