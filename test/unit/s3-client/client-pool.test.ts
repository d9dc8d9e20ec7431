import { describe, expect, it } from 'vitest';
import type { ResolvedConnection } from '../../../electron/main/connections/connection-store.ts';
import { S3ClientPool } from '../../../electron/main/s3-client/client-pool.ts';

function connection(endpoint: string): ResolvedConnection {
  return {
    id: 'c1',
    name: 'c1',
    provider: 'minio',
    endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    accessKeyId: 'AK',
    secretAccessKey: 'SK',
    eventSource: 'observed',
  };
}

describe('S3ClientPool', () => {
  it('caches one client per connection and rebuilds it after invalidate', async () => {
    let endpoint = 'http://127.0.0.1:9000';
    let lookups = 0;
    const pool = new S3ClientPool({ resolve: async () => (lookups++, connection(endpoint)) });
    const first = await pool.get('c1');
    expect(await pool.get('c1')).toBe(first);
    expect(lookups).toBe(1);
    expect(await first.client.config.region()).toBe('eu-west-1');
    expect(await first.client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(first.client.config.forcePathStyle).toBe(true);

    endpoint = 'http://127.0.0.1:9100';
    pool.invalidate('c1');
    const second = await pool.get('c1');
    expect(second).not.toBe(first);
    expect(second.connection.endpoint).toBe('http://127.0.0.1:9100');
    expect(lookups).toBe(2);
    pool.destroy();
  });

  it('never uses the SDK\'s followRegionRedirects (it signs concurrent requests for the redirected region); AWS clients route by bucket region instead', async () => {
    const pool = new S3ClientPool({ resolve: async (id) => ({ ...connection('http://127.0.0.1:9000'), provider: id === 'aws' ? 'aws' : 'minio' }) });
    const aws = (await pool.get('aws')).client;
    const minio = (await pool.get('minio')).client;
    expect(aws.config.followRegionRedirects).toBe(false);
    expect(minio.config.followRegionRedirects).toBe(false);
    // The routed send is the client's own property; other providers keep the prototype's.
    expect(Object.hasOwn(aws, 'send')).toBe(true);
    expect(Object.hasOwn(minio, 'send')).toBe(false);
    pool.destroy();
  });

  it('does not cache a failed lookup', async () => {
    let fail = true;
    const pool = new S3ClientPool({
      resolve: async () => {
        if (fail) throw new Error('no secret yet');
        return connection('http://127.0.0.1:9000');
      },
    });
    await expect(pool.get('c1')).rejects.toThrow('no secret yet');
    fail = false;
    await expect(pool.get('c1')).resolves.toMatchObject({ connection: { id: 'c1' } });
    pool.destroy();
  });
});
