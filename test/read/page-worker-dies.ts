/**
 * A page process (src/read/scan/page-worker.ts) that dies on page 2, as one that runs out of
 * memory or crashes in the model's native code would: for scan-processes.test.ts.
 */
import '../../src/read/scan/page-worker.js';

process.on('message', (m: { task?: { page?: number } }) => {
  if (m.task?.page === 2) process.exit(70);
});
