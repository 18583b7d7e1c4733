import 'server-only';
import type { Sql } from 'postgres';

/** What the run's step rows record, as `console_private.record_push_progress` takes them. */
type ProgressEvent =
  | { ordinal: number; status: 'running'; at: string }
  | { ordinal: number; status: 'succeeded' | 'failed'; at: string; duration_ms?: number; result: Record<string, unknown> };

/**
 * Records step events on the control connection without holding up the files: whatever queued
 * while one call was in flight goes in the next call (`console_private.record_push_progress`).
 */
export class ProgressRecorder {
  private queue: ProgressEvent[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly control: Sql,
    private readonly runId: string,
  ) {}

  record(event: ProgressEvent): void {
    this.queue.push(event);
    this.flushing ??= this.flush();
  }

  /** Throws the error of a failed call, if any. */
  check(): void {
    if (this.failure !== null) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.check();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.failure === null) {
        const batch = this.queue.splice(0);
        try {
          await this.control.unsafe('select console_private.record_push_progress($1::uuid, $2::text::jsonb)', [this.runId, JSON.stringify(batch)]);
        } catch (error) {
          this.failure = error;
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

/** Applies one file; returns the number of statements run. Throws FileFailure with the location. */
