/**
 * Lock impact of pending files on the live project: each lock a statement takes on a table that
 * exists now, with the table's row estimate and size, and what waits while it is held. The part
 * no peer shows: "ACCESS EXCLUSIVE on public.profiles (1.0 M rows, 180 MB), rewrites the table:
 * reads and writes wait until it ends."
 */
import type { Catalog } from '@/lib/catalog/types';
import { blocksReads, blocksWrites, type LockMode } from '@/lib/sql/lock-impact';
import { contentLocks, type ContentLocks } from '@/lib/sql/review-file';

export type LockImpact = {
  fileName: string;
  version: string;
  /** From 0, like the CLI's "At statement". */
  statementIndex: number;
  schema: string;
  table: string;
  mode: LockMode;
  rewrite: boolean;
  scan: boolean;
  cause: string;
  estimatedRows: number | null;
  sizeBytes: number;
  /** Rewrites or reads a large table while writes (or reads) wait: needs its own acknowledgement. */
  heavy: boolean;
  message: string;
};

/** A table is large from this many rows or bytes: waiting for a full pass over it is an outage. */
export const LARGE_TABLE_ROWS = 100_000;
export const LARGE_TABLE_BYTES = 100 * 1024 * 1024;

/** A file's statements, and their locks when the folder reading's review already has them (read once per content). */
export type LockFile = { version: string; fileName: string; statements: readonly string[]; locks?: ContentLocks };

export function lockImpact(files: readonly LockFile[], live: Catalog): LockImpact[] {
  const tables = new Map(live.tables.map((table) => [`${table.schema}.${table.name}`, table]));
  const indexTable = new Map(live.tables.flatMap((table) => table.indexes.map((index) => [`${table.schema}.${index.name}`, table] as const)));
  const impacts: LockImpact[] = [];
  for (const file of files) {
    for (const { statementIndex, lock } of file.locks ?? contentLocks(file.statements)) {
      const table = lock.index ? indexTable.get(`${lock.schema}.${lock.index}`) : tables.get(`${lock.schema}.${lock.table}`);
      // Tables the push itself creates are new and empty: no one waits on them.
      if (!table) continue;
      const rows = table.estimatedRows;
      const large = (rows ?? 0) >= LARGE_TABLE_ROWS || table.sizeBytes >= LARGE_TABLE_BYTES;
      const heavy = large && (lock.rewrite || lock.scan) && blocksWrites(lock.mode);
      impacts.push({
        fileName: file.fileName,
        version: file.version,
        statementIndex,
        schema: table.schema,
        table: table.name,
        mode: lock.mode,
        rewrite: lock.rewrite,
        scan: lock.scan,
        cause: lock.cause,
        estimatedRows: rows,
        sizeBytes: table.sizeBytes,
        heavy,
        message: describe(lock.mode, `${table.schema}.${table.name}`, rows, table.sizeBytes, lock.rewrite, lock.scan),
      });
    }
  }
  return impacts;
}

function describe(mode: LockMode, table: string, rows: number | null, bytes: number, rewrite: boolean, scan: boolean): string {
  const work = rewrite ? 'rewrites the table' : scan ? 'reads every row' : 'brief';
  const waits = blocksReads(mode)
    ? 'reads and writes wait until it ends'
    : blocksWrites(mode)
      ? 'writes wait until it ends, reads go on'
      : 'reads and writes go on';
  // Planner statistics only: a table never analyzed has no row estimate and no size yet.
  const size = rows === null ? 'never analyzed: rows and size unknown' : `${formatRows(rows)}, ${formatSize(bytes)}`;
  return `${mode} on ${table} (${size}), ${work}: ${waits}.`;
}

export function formatRows(rows: number | null): string {
  if (rows === null) return 'rows unknown (never analyzed)';
  if (rows >= 1_000_000) return `${(rows / 1_000_000).toFixed(1)} M rows`;
  if (rows >= 1_000) return `${(rows / 1_000).toFixed(1)} k rows`;
  return `${rows} row${rows === 1 ? '' : 's'}`;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}
