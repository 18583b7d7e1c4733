import type { SupabaseClient } from '@supabase/supabase-js';
import type { Sql } from 'postgres';
import type { LockState } from './push-connection';
import type { StaleReason } from './push-snapshot';
import type { PushSettings } from './push-settings';

/** The push engine's types: its options and results (public), and the context its steps share. */

export type PushActor = { userId: string };

export type PushEngineOptions = {
  /** The push request to run. */
  requestId: string;
  /** A client holding the admin's own session: the run is authorised by SQL with it. */
  session: SupabaseClient;
  /** The same person, from their verified session; attributes refusals made before the run exists. */
  actor: PushActor;
  /** The console's database (SUPABASE_DB_URL): runs, steps and audit rows. */
  controlUrl: string;
  /** The database the migrations apply to; the console's own database unless a test says otherwise. */
  targetUrl?: string;
  /** The migrations folder, already resolved. */
  migrationsDir: string;
  modules?: readonly string[];
  maxFileBytes?: number;
  settings?: PushSettings;
  /** The request id of the web request or command, for the audit rows. */
  auditRequestId?: string | null;
  onProgress?: (event: PushProgress) => void;
};

export type PushRefusalCode =
  'pooler_url' | 'unavailable' | 'session_ended' | 'push_in_progress' | 'already_ran' | 'not_approved' | 'forbidden' | 'not_found' | 'stale';

export type PushRefusal = { ok: false; code: PushRefusalCode; message: string; reasons?: StaleReason[] };

export type PushFileError = {
  ordinal: number;
  fileName: string;
  version: string;
  /** From 0, like the CLI's "At statement"; null when the error came from the history row or COMMIT. */
  statementIndex: number | null;
  line: number | null;
  column: number | null;
  sqlstate: string | null;
  message: string;
  detail: string | null;
  hint: string | null;
  /** An unwrapped file whose earlier statements committed before the failure. */
  partial: boolean;
  statementsRun: number;
};

export type PushFailureKind = 'statement' | 'connection_lost' | 'stale' | 'internal';

export type PushFailure = { kind: PushFailureKind; message: string; file: PushFileError | null };

export type PushRunResult = {
  runId: string;
  status: 'succeeded' | 'failed';
  filesApplied: number;
  filesTotal: number;
  durationMs: number;
  failure: PushFailure | null;
};

export type StepMode = 'transaction' | 'unwrapped';

export type PushProgress =
  | { type: 'started'; runId: string; files: { ordinal: number; fileName: string; mode: StepMode }[] }
  | { type: 'file_started'; ordinal: number; fileName: string; mode: StepMode }
  | { type: 'file_succeeded'; ordinal: number; fileName: string; durationMs: number }
  | { type: 'file_failed'; ordinal: number; fileName: string; error: PushFileError }
  | { type: 'finished'; result: PushRunResult };

export type PushStart = { ok: true; runId: string; filesTotal: number; done: Promise<PushRunResult> } | PushRefusal;

// Shared by the engine's steps.

export type ApprovedFile = {
  ordinal: number;
  version: string;
  name: string;
  fileName: string;
  sha256: string;
  statementCount: number;
  outOfOrder: boolean;
  nonTransactional: boolean;
};

export type ApprovedRequest = {
  historyFingerprint: string;
  includeAll: boolean;
  acknowledgeNonTransactional: boolean;
  acknowledgeDestructive: boolean;
  files: ApprovedFile[];
};

export type RunContext = {
  options: PushEngineOptions;
  control: Sql;
  target: Sql;
  lock: LockState;
  runId: string;
  request: ApprovedRequest;
  settings: PushSettings;
};

export type RunErrorRecord = {
  kind: PushFailureKind;
  message: string;
  reasons?: StaleReason[];
  file?: PushFileError | null;
};
