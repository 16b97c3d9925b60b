// Loading a partner's own records from its files: formats declared once (zod + docs), streaming
// readers (CSV UTF-8/Windows-1252, XLSX, JSON Lines), row validation with a rejects report,
// idempotent upserts by source id in transactions, pseudonyms at the door, erasure, the CLI and
// the upload route. `@pleiadi/kit/import` is the engine alone (light enough for a streaming
// import process); the command line is `@pleiadi/kit/import/cli`, the route import/route.ts.
export * from './codes.ts';
export * from './columns.ts';
export * from './table.ts';
export * from './validate.ts';
export * from './readers/index.ts';
export * from './run.ts';
export * from './report.ts';
export * from './upsert.ts';
export * from './participants.ts';
export * from './erase.ts';
export * from './docs.ts';
export * from './export.ts';
export * from './simple.ts';
