/** Moved to src/read/zip.ts (the one zip reader); this path stays for scripts that import it. */
export { ARCHIVE_LIMITS, MAX_FILE_BYTES, expandUpload, isZip, listArchive, readEntry, type ArchiveEntry, type ArchiveListing } from '../read/zip.js';
