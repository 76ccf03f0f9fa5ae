// Upload limits, named once and shown in the pages' hints. Kept out of the .server modules
// because the pages render them in the browser too.

/** The largest inspection report file accepted (PDF, Word or text). */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_LABEL = "20 MB";

/** The largest spreadsheet plan accepted (.xlsx or .csv). */
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;
export const MAX_PLAN_LABEL = "20 MB";
