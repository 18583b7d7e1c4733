import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectConfigPath, resolveExposedSchemas } from './exposed-schemas';

const CONFIG = path.join(process.cwd(), 'supabase', 'config.toml');

describe('resolveExposedSchemas', () => {
  it('prefers the database setting, then the environment, then supabase/config.toml, then public', () => {
    expect(resolveExposedSchemas({ exposedSchemasSetting: ['public', 'api'] }, { CONSOLE_EXPOSED_SCHEMAS: 'x' }, CONFIG)).toEqual({
      schemas: ['public', 'api'],
      source: 'database',
    });
    expect(resolveExposedSchemas({ exposedSchemasSetting: null }, { CONSOLE_EXPOSED_SCHEMAS: 'public, aloha' }, CONFIG)).toEqual({
      schemas: ['public', 'aloha'],
      source: 'environment',
    });
    expect(resolveExposedSchemas(null, {}, CONFIG)).toEqual({ schemas: ['public', 'graphql_public', 'console'], source: 'config' });
    expect(resolveExposedSchemas(null, {}, path.join(os.tmpdir(), 'no-such-config.toml'))).toEqual({ schemas: ['public'], source: 'default' });
    expect(resolveExposedSchemas(null, {}, null)).toEqual({ schemas: ['public'], source: 'default' });
  });

  it("reads the checked project's own config.toml, beside its migrations folder, not the console's", () => {
    expect(projectConfigPath('/work/shop/supabase/migrations')).toBe(path.join('/work/shop/supabase', 'config.toml'));
    expect(resolveExposedSchemas(null, {}, projectConfigPath(path.join(process.cwd(), 'supabase', 'migrations')))).toMatchObject({ source: 'config' });
  });
});
