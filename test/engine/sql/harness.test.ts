import { describe, expect, it } from 'vitest';
import { usePostgres } from '../../helpers/postgres.js';

describe('PostgreSQL test harness', () => {
  const pg = usePostgres();
  it('starts a real PostgreSQL 15 server on 127.0.0.1 with the database created', async () => {
    const r = await pg.server.exec("SELECT current_database() AS db, current_setting('server_version_num')::int AS v");
    expect(r.rows[0].db).toBe('clusterkit');
    expect(r.rows[0].v).toBeGreaterThanOrEqual(150000);
    expect(pg.server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/clusterkit$/);
  });
});
