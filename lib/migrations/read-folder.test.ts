import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentReview } from '@/lib/sql/review-file';
import {
  declaredModule,
  fileRisks,
  moduleOf,
  parseModuleList,
  readMigrationFile,
  readMigrationText,
  readMigrationsFolder,
  readMigrationsFolderAsync,
} from './read-folder';
import { splitStatements } from '@/lib/sql/split-statements';
import { computeStatus } from './status';

let dir = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-folder-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer = `select '${name}';\n`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('readMigrationsFolder', () => {
  it('reads each file: version, name, size, SHA-256 of the bytes, the CLI statements', () => {
    const sql = '-- module: aloha\ncreate table calls (id int);\r\ninsert into calls values (1);';
    write('20240101000000_calls.sql', sql);
    const reading = readMigrationsFolder(dir);
    expect(reading.problem).toBeNull();
    expect(reading.files).toEqual([
      {
        fileName: '20240101000000_calls.sql',
        version: '20240101000000',
        name: 'calls',
        module: 'aloha',
        sizeBytes: Buffer.byteLength(sql),
        sha256: createHash('sha256').update(sql).digest('hex'),
        statements: splitStatements(sql),
        review: expect.any(ContentReview),
      },
    ]);
    expect(fileRisks(reading.files[0]!)).toEqual([expect.objectContaining({ category: 'oddity', code: 'crlf', line: 2 })]);
  });

  it('orders as the CLI pushes: version as text, then the whole file name', () => {
    // The same names and the order `supabase db push --dry-run` printed for them (cli-interop.int.test.ts).
    const names = [
      '9_a.sql',
      '10_a.sql',
      '1_short.sql',
      '000_zero.sql',
      '20240101000000_a.sql',
      '7_B.sql',
      '7_a.sql',
      '7_.sql',
      '7_a.b.sql',
      '8_é.sql',
      '8_Z.sql',
      '8_\uffff.sql',
      '8_😀.sql',
    ];
    for (const name of names) write(name);
    expect(readMigrationsFolder(dir).files.map((file) => file.fileName)).toEqual([
      '000_zero.sql',
      '1_short.sql',
      '10_a.sql',
      '20240101000000_a.sql',
      '7_.sql',
      '7_B.sql',
      '7_a.b.sql',
      '7_a.sql',
      '8_Z.sql',
      '8_é.sql',
      '8_\uffff.sql',
      '8_😀.sql',
      '9_a.sql',
    ]);
  });

  it('skips the legacy _init file only when it is the first entry of the byte-sorted listing', () => {
    write('20200101000000_init.sql');
    write('202_x.sql');
    const first = readMigrationsFolder(dir).files;
    expect(first.find((file) => file.fileName === '20200101000000_init.sql')?.skipped).toBe('legacy_init');
    expect(first.find((file) => file.fileName === '202_x.sql')?.skipped).toBeUndefined();

    // A subfolder (or a dotfile) sorted before it shifts it to index 1: the CLI then applies it.
    fs.mkdirSync(path.join(dir, '0dir'));
    expect(readMigrationsFolder(dir).files.find((file) => file.fileName === '20200101000000_init.sql')?.skipped).toBeUndefined();
  });

  it('ignores subfolders and non-SQL files, reports misnamed .sql files, and a folder with a migration name', () => {
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.writeFileSync(path.join(dir, 'archive', '20230101000000_old.sql'), 'select 1;');
    fs.mkdirSync(path.join(dir, '20240101000000_folder.sql'));
    write('README.md', '# notes');
    write('.gitkeep', '');
    write('init.sql');
    write('2024_x.SQL');
    write('20240102000000_ok.sql');
    const reading = readMigrationsFolder(dir);
    expect(reading.ignored).toEqual(['.gitkeep', 'README.md', 'archive']);
    expect(reading.files.map((file) => [file.fileName, file.version, file.unreadable ?? null])).toEqual([
      ['20240101000000_folder.sql', '20240101000000', 'not_a_file'],
      ['20240102000000_ok.sql', '20240102000000', null],
      ['2024_x.SQL', null, null],
      ['init.sql', null, null],
    ]);
    expect(reading.files[0]?.unreadableDetail).toBe('a folder');
    // Misnamed files are read (module, size, hash) but have no statements: they never run.
    expect(reading.files[3]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(reading.files[3]?.statements).toBeNull();
  });

  it('a binary file is not_utf8, with its hash, and the report still computes', () => {
    write('20240101000000_binary.sql', Buffer.from([0x73, 0x65, 0x6c, 0xff, 0xfe, 0x00, 0x80, 0x3b]));
    const [file] = readMigrationsFolder(dir).files;
    expect(file).toMatchObject({ unreadable: 'not_utf8', statements: null, sizeBytes: 8 });
    expect(file?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(computeStatus(readMigrationsFolder(dir).files, [], {}).rows[0]?.status).toBe('unreadable');
  });

  it('a 20 MB file is too_large and is not read', () => {
    const file = path.join(dir, '20240101000000_huge.sql');
    // Sparse: 20 MB by size, instantly written; reading it would take the time the limit avoids.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 20 * 1024 * 1024);
    const started = performance.now();
    const [read] = readMigrationsFolder(dir).files;
    expect(performance.now() - started).toBeLessThan(50);
    expect(read).toMatchObject({ unreadable: 'too_large', sizeBytes: 20 * 1024 * 1024, sha256: null, statements: null });
    expect(read?.unreadableDetail).toBe('20 MiB, above the limit of 5 MiB');
  });

  it('reads files larger than its reusable buffer whole', () => {
    const sql = `insert into t values ${Array.from({ length: 40_000 }, (_, i) => `(${i})`).join(', ')};\nselect 'é';`;
    write('1_big.sql', sql);
    write('2_small.sql', 'select 2;');
    const [big, small] = readMigrationsFolder(dir).files;
    expect(big?.sizeBytes).toBe(Buffer.byteLength(sql));
    expect(big?.sizeBytes).toBeGreaterThan(256 * 1024);
    expect(big?.sha256).toBe(createHash('sha256').update(sql).digest('hex'));
    expect(big?.statements).toEqual(splitStatements(sql));
    expect(small?.statements).toEqual(['select 2']);
  });

  it('the size limit is configurable', () => {
    write('1_a.sql', 'select 1234567890;');
    expect(readMigrationsFolder(dir, { maxFileBytes: 10 }).files[0]?.unreadable).toBe('too_large');
    expect(readMigrationsFolder(dir, { maxFileBytes: 18 }).files[0]?.unreadable).toBeUndefined();
  });

  it('a file that cannot be read is unreadable: a dangling symbolic link', () => {
    fs.symlinkSync(path.join(dir, 'nowhere.sql'), path.join(dir, '20240101000000_dangling.sql'));
    const [file] = readMigrationsFolder(dir).files;
    expect(file).toMatchObject({ unreadable: 'unreadable', version: '20240101000000', unreadableDetail: 'a symbolic link to nothing' });
  });

  it('a FIFO with a migration name is not_a_file and is never opened (opening would block)', () => {
    execFileSync('mkfifo', [path.join(dir, '20240101000000_fifo.sql')]);
    const [file] = readMigrationsFolder(dir).files;
    expect(file).toMatchObject({ unreadable: 'not_a_file', unreadableDetail: 'not a regular file' });
  });

  it('a read error on open is unreadable, never a crash', () => {
    // Tests run as root, so chmod 000 would not stop the read; a link loop fails at open instead.
    fs.symlinkSync('20240101000000_loop.sql', path.join(dir, '20240101000000_loop.sql'));
    const [file] = readMigrationsFolder(dir).files;
    expect(file?.unreadable).toBe('unreadable');
    expect(file?.unreadableDetail).toMatch(/^ELOOP/);
  });

  it('follows symbolic links to files and to folders', () => {
    const target = path.join(dir, 'target');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'x.sql'), 'select 1;');
    fs.symlinkSync(path.join(target, 'x.sql'), path.join(dir, '1_linked.sql'));
    fs.symlinkSync(target, path.join(dir, '2_linked_folder.sql'));
    const files = readMigrationsFolder(dir).files;
    expect(files[0]).toMatchObject({ fileName: '1_linked.sql', statements: ['select 1'] });
    expect(files[1]).toMatchObject({ fileName: '2_linked_folder.sql', unreadable: 'not_a_file' });
  });

  it('a missing folder is a folder problem, not an exception', () => {
    const reading = readMigrationsFolder(path.join(dir, 'missing'));
    expect(reading.files).toEqual([]);
    expect(reading.problem).toContain('does not exist');
    const report = computeStatus(reading.files, [{ version: '1', name: 'a', statements: [] }], { folderProblem: reading.problem });
    expect(report.folderProblem).toContain('does not exist');
    expect(report.rows[0]?.status).toBe('remote_only');
  });

  it('a file given as the folder is a folder problem too', () => {
    expect(readMigrationsFolder(write('plain.txt', 'x')).problem).toContain('is not a folder');
  });
});

describe('readMigrationsFolderAsync', () => {
  it('reads exactly what the synchronous reading does, giving the event loop turns on the way', async () => {
    for (let i = 0; i < 200; i++) write(`${1000 + i}_m${i}.sql`, `select ${i};`);
    write('init.sql');
    fs.mkdirSync(path.join(dir, '1100_folder.sql'));
    let turns = 0;
    const tick = setInterval(() => (turns += 1), 0);
    const interval = setImmediate(() => (turns += 1));
    try {
      const reading = await readMigrationsFolderAsync(dir);
      expect(reading).toEqual(readMigrationsFolder(dir));
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(tick);
      clearImmediate(interval);
    }
    expect((await readMigrationsFolderAsync(path.join(dir, 'missing'))).problem).toContain('does not exist');
  });
});

describe('reuseUnchanged (the pages of a long-running server)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reuses files unchanged since a reading, reads again what changed, and never trusts a file changed just before it was read', async () => {
    write('20240101000000_a.sql', 'create table a (id int);\n');
    write('20240102000000_b.sql', 'create table b (id int);\n');
    // Older than the racy window (2 s): their readings may be reused.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const first = readMigrationsFolder(dir, { reuseUnchanged: true });
    const opened = vi.spyOn(fs, 'openSync');
    const second = readMigrationsFolder(dir, { reuseUnchanged: true });
    expect(opened).not.toHaveBeenCalled();
    expect(second).toEqual(first);
    expect(second.files[0]?.statements).toBe(first.files[0]?.statements);

    // Same size, new bytes: the change time moved, so it is read again; the other file is not.
    write('20240102000000_b.sql', 'create table c (id int);\n');
    const third = readMigrationsFolder(dir, { reuseUnchanged: true });
    expect(opened).toHaveBeenCalledTimes(1);
    expect(third.files[1]?.statements).toEqual(splitStatements('create table c (id int);\n'));
    expect(third).toEqual(readMigrationsFolder(dir));

    // b changed a moment ago: not trusted, read again every time until it settles.
    opened.mockClear();
    readMigrationsFolder(dir, { reuseUnchanged: true });
    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened.mock.calls[0]?.[0]).toContain('20240102000000_b.sql');

    // Removed and added files show at once.
    fs.rmSync(path.join(dir, '20240101000000_a.sql'));
    write('20240103000000_d.sql', 'select 1;\n');
    expect(readMigrationsFolder(dir, { reuseUnchanged: true }).files.map((file) => file.fileName)).toEqual(['20240102000000_b.sql', '20240103000000_d.sql']);
  });
});

describe('modules', () => {
  const modules = ['aloha', 'sync', 'insights', 'studio', 'console'];

  it('reads a module header among the leading comments, in any case', () => {
    expect(declaredModule('-- module: aloha\nselect 1;')).toBe('aloha');
    expect(declaredModule('\uFEFF-- Module: Sync\nselect 1;')).toBe('sync');
    expect(declaredModule('-- Calendar tables\n\n--module:insights (dashboards)\ncreate table t ();')).toBe('insights');
    expect(declaredModule('select 1;\n-- module: aloha')).toBeNull();
    expect(declaredModule('-- nothing here\nselect 1;')).toBeNull();
  });

  it('falls back to the first word of the name when it is a known module, else shared', () => {
    expect(moduleOf('aloha_calls', 'select 1;', modules)).toBe('aloha');
    expect(moduleOf('Studio_layouts', null, modules)).toBe('studio');
    expect(moduleOf('alohas_calls', null, modules)).toBe('shared');
    expect(moduleOf('create_users', null, modules)).toBe('shared');
    expect(moduleOf('sync', null, modules)).toBe('sync');
    expect(moduleOf('x', '-- module: billing\nselect 1;', modules)).toBe('billing');
    expect(moduleOf('billing_x', null, ['billing'])).toBe('billing');
  });

  it('parses CONSOLE_MODULES', () => {
    expect(parseModuleList(undefined)).toEqual(modules);
    expect(parseModuleList(' Aloha, sync,,billing ,shared,aloha')).toEqual(['aloha', 'sync', 'billing']);
  });
});

describe('readMigrationFile and readMigrationText', () => {
  it('reads one file as the folder reading does', () => {
    const file = write('20240101000000_sync_mail.sql', 'select 1;');
    expect(readMigrationFile(file)).toEqual(readMigrationsFolder(dir).files[0]);
    expect(readMigrationFile(path.join(dir, 'missing.sql'))).toMatchObject({ unreadable: 'unreadable', unreadableDetail: expect.stringMatching(/^ENOENT/) });
    expect(readMigrationFile(dir)).toMatchObject({ unreadable: 'not_a_file' });
  });

  it('applies the legacy _init rule only with a listing index', () => {
    const file = write('20200101000000_init.sql');
    expect(readMigrationFile(file).skipped).toBeUndefined();
    expect(readMigrationFile(file, { listingIndex: 0 }).skipped).toBe('legacy_init');
  });

  it('returns the text of a readable file only', () => {
    expect(readMigrationText(write('1_a.sql', '\uFEFFselect 1;'))).toBe('\uFEFFselect 1;');
    expect(readMigrationText(write('2_b.sql', Buffer.from([0xff])))).toBeNull();
    expect(readMigrationText(write('3_c.sql', 'select 1;'), 4)).toBeNull();
    expect(readMigrationText(path.join(dir, 'missing.sql'))).toBeNull();
  });
});
