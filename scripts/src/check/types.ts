// What `npm run check` reports: the shapes its JSON output (`--json`) keeps stable for CI.
export interface CheckOptions {
  /** SDL to check instead of the one the subgraph's code prints now. */
  sdl?: string;
  /** Read the other subgraphs' SDLs and the supergraph from this git ref instead of the working tree. */
  base?: string;
  /** Folder of registered operations (default schema/operations/). */
  operationsDir?: string;
  /** Why breaking changes are deliberate: the check then passes, naming who is hit. */
  allowBreaking?: string | null;
}

export interface ReportedChange {
  type: string;
  coordinate: string | null;
  description: string;
  hint?: string;
  /** Registered operations that use what changed (breaking and dangerous changes). */
  operations: string[];
}

export interface OperationReport {
  operation: string | null;
  file: string;
  clients: string[];
  about: string;
  /** Validation messages against the new API schema (empty: it still validates). */
  messages: string[];
  /** It did not validate against the committed supergraph either: not caused by this change. */
  alreadyBroken: boolean;
}

export interface AffectedOperation {
  operation: string;
  file: string;
  clients: string[];
  /** It no longer validates. Otherwise it still validates but uses something that changed in a breaking way. */
  broken: boolean;
  /** Coordinates of the breaking changes it uses. */
  changes: string[];
}

export interface CheckReport {
  subgraph: string;
  /** Where the checked SDL came from. */
  source: 'working copy' | 'given SDL';
  /** What it was compared with. */
  baseline: string;
  composed: boolean;
  compositionErrors: string[];
  breaking: ReportedChange[];
  dangerous: ReportedChange[];
  safe: ReportedChange[];
  brokenOperations: OperationReport[];
  /** Operations that are broken or use something changed in a breaking way, with their clients. */
  affectedOperations: AffectedOperation[];
  /** Number of registered operations checked. */
  operationsChecked: number;
  allowedBreaking: string | null;
  ok: boolean;
  /** Remarks on how to read the result. */
  notes: string[];
}

export class UsageError extends Error {}
