/** Batch ingest of files, folders and zip archives into the store: see run.ts. */
export { ingestPaths, emptySummary, type IngestOptions, type IngestEvent, type IngestSummary, type FileOutcome } from './run.js';
export { collectTasks, type Task } from './walk.js';
export { ParsePool, defaultJobs } from './pool.js';
export { expandUpload, listArchive, isZip, ARCHIVE_LIMITS, MAX_FILE_BYTES } from '../read/zip.js';
export { barProgress, lineProgress, summaryTable } from './progress.js';
