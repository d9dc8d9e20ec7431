import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../../electron/main/connections/connection-store.ts';
import { FileSecretStore } from '../../../electron/main/connections/file-secret-store.ts';
import { ConfSettingsStore } from '../../../electron/main/settings/settings-store.ts';
import type { ConnectionInput } from '../../../electron/shared/dto.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKENxyz';

let dir: string;
let settings: ConfSettingsStore;
let secrets: FileSecretStore;
let store: ConnectionStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-conns-'));
  settings = new ConfSettingsStore({ cwd: dir });
  secrets = new FileSecretStore({ dir });
  store = new ConnectionStore({ settings, secrets });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function minio(overrides: Partial<ConnectionInput> = {}): ConnectionInput {
  return {
    name: 'Lab MinIO',
    provider: 'minio',
    endpoint: 'http://localhost:9000/',
    region: 'us-east-1',
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: SECRET,
    sessionToken: TOKEN,
    ...overrides,
  };
}

/** Every file in the data dir except the encrypted secrets, as text. */
async function plainFiles(): Promise<string> {
  const names = (await readdir(dir)).filter((n) => n !== 'secrets.json' && n !== 'secrets.key');
  return (await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')))).join('\n');
}

describe('ConnectionStore', () => {
  it('keeps secrets out of the settings file and out of DTOs', async () => {
    const dto = await store.save(minio());
    expect(dto).toEqual({
      id: expect.any(String),
      name: 'Lab MinIO',
      provider: 'minio',
      endpoint: 'http://localhost:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      checksumMode: 'WHEN_REQUIRED',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretHint: '••••EKEY',
      hasSessionToken: true,
      builtin: false,
      eventSource: 'observed',
    });
    const onDisk = await plainFiles();
    expect(onDisk).toContain('Lab MinIO');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).not.toContain('EKEY');
    const listed = JSON.stringify(await store.list());
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toContain(TOKEN);
    // The settings file is the conf / electron-store format: plain JSON in config.json.
    expect(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')).connections[0].id).toBe(dto.id);
  });

  it('resolves credentials for main only, and persists across a restart', async () => {
    const { id } = await store.save(minio());
    const reopened = new ConnectionStore({ settings: new ConfSettingsStore({ cwd: dir }), secrets: new FileSecretStore({ dir }) });
    expect(await reopened.resolve(id)).toMatchObject({ id, secretAccessKey: SECRET, sessionToken: TOKEN, endpoint: 'http://localhost:9000' });
  });

  it('keeps the stored secret when an edit leaves it out, replaces it when given, drops the token on ""', async () => {
    const { id } = await store.save(minio());
    await store.save(minio({ id, name: 'Renamed', secretAccessKey: undefined, sessionToken: undefined }));
    expect(await store.resolve(id)).toMatchObject({ name: 'Renamed', secretAccessKey: SECRET, sessionToken: TOKEN });
    await store.save(minio({ id, secretAccessKey: 'new-secret-value-1234', sessionToken: '' }));
    const resolved = await store.resolve(id);
    expect(resolved.secretAccessKey).toBe('new-secret-value-1234');
    expect(resolved.sessionToken).toBeUndefined();
    expect((await store.get(id)).hasSessionToken).toBe(false);
    expect(await store.list()).toHaveLength(1);
  });

  it('copies a connection with its stored secrets (same keys, another region), unless the copy is given its own', async () => {
    const { id } = await store.save(minio({ provider: 'cos', name: 'COS Guangzhou', endpoint: 'https://cos.ap-guangzhou.myqcloud.com', region: 'ap-guangzhou' }));
    const copy = await store.save(minio({
      provider: 'cos', name: 'COS Shanghai', endpoint: 'https://cos.ap-shanghai.myqcloud.com', region: 'ap-shanghai',
      secretAccessKey: undefined, sessionToken: undefined, copySecretsFrom: id,
    }));
    expect(copy.id).not.toBe(id);
    expect(await store.resolve(copy.id)).toMatchObject({ name: 'COS Shanghai', region: 'ap-shanghai', secretAccessKey: SECRET, sessionToken: TOKEN });
    expect(await store.resolve(id)).toMatchObject({ name: 'COS Guangzhou', region: 'ap-guangzhou', secretAccessKey: SECRET });
    // The copy owns its secrets: removing the original leaves them.
    await store.remove(id);
    expect((await store.resolve(copy.id)).secretAccessKey).toBe(SECRET);

    // A copy given its own secret, and told to drop the token, keeps neither of the source's.
    const own = await store.save(minio({ name: 'Other key', secretAccessKey: 'another-secret-5678', sessionToken: '', copySecretsFrom: copy.id }));
    expect(await store.resolve(own.id)).toMatchObject({ secretAccessKey: 'another-secret-5678', sessionToken: undefined });
    // An unknown source is an error, not a connection without a secret.
    await expect(store.save(minio({ secretAccessKey: undefined, copySecretsFrom: 'gone' }))).rejects.toMatchObject({ code: 'NotFound' });
    expect(await plainFiles()).not.toContain(SECRET);
  });

  it('requires a secret for a new connection and an existing id for an edit', async () => {
    await expect(store.save(minio({ secretAccessKey: undefined }))).rejects.toMatchObject({ code: 'InvalidInput', fields: { secretAccessKey: expect.any(String) } });
    await expect(store.save(minio({ id: 'nope' }))).rejects.toMatchObject({ code: 'NotFound' });
    expect(await store.list()).toEqual([]);
  });

  it('fills {region} in endpoint templates and rejects other placeholders or a missing endpoint', async () => {
    const cos = await store.save(minio({ provider: 'cos', endpoint: 'https://cos.{region}.myqcloud.com', region: 'ap-chengdu', forcePathStyle: false }));
    expect(cos.endpoint).toBe('https://cos.ap-chengdu.myqcloud.com');
    await expect(store.save(minio({ provider: 'r2', endpoint: 'https://{account}.r2.cloudflarestorage.com' }))).rejects.toMatchObject({
      code: 'InvalidInput',
      fields: { endpoint: 'Replace {account} in the endpoint' },
    });
    await expect(store.save(minio({ endpoint: '' }))).rejects.toMatchObject({ fields: { endpoint: expect.any(String) } });
    const aws = await store.save(minio({ provider: 'aws', endpoint: '', region: '' }));
    expect(aws).toMatchObject({ endpoint: '', region: 'us-east-1' });
  });

  it('persists the event source; an edit without one keeps it; files from before it read as observed', async () => {
    const { id } = await store.save(minio({ eventSource: 'webhook' }));
    expect((await store.get(id)).eventSource).toBe('webhook');
    await store.save(minio({ id, name: 'Renamed', secretAccessKey: undefined }));
    const reopened = new ConnectionStore({ settings: new ConfSettingsStore({ cwd: dir }), secrets: new FileSecretStore({ dir }) });
    expect(await reopened.get(id)).toMatchObject({ name: 'Renamed', eventSource: 'webhook' });
    await store.save(minio({ id, eventSource: 'minio-listen', secretAccessKey: undefined }));
    expect((await store.resolve(id)).eventSource).toBe('minio-listen');
    // A connection saved by an older version (no eventSource field) or with a bad value.
    const [saved] = settings.get<Record<string, unknown>[]>('connections')!;
    settings.set('connections', [{ ...saved, eventSource: undefined }, { ...saved, id: 'other', eventSource: 'carrier-pigeon' }]);
    expect((await store.list()).map((c) => c.eventSource)).toEqual(['observed', 'observed']);
    store.setBuiltin({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', accessKeyId: 'K', secretAccessKey: 'S' });
    expect((await store.get('local')).eventSource).toBe('embedded');
  });

  it('removes a connection with its secrets', async () => {
    const { id } = await store.save(minio());
    await store.remove(id);
    expect(await store.list()).toEqual([]);
    expect(await secrets.get(`connection:${id}:secret-access-key`)).toBeUndefined();
    expect(await secrets.get(`connection:${id}:session-token`)).toBeUndefined();
    await expect(store.remove(id)).rejects.toMatchObject({ code: 'NotFound' });
    await expect(store.resolve(id)).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('lists the builtin Local connection first; it cannot be edited or removed, and is never stored', async () => {
    await store.save(minio());
    store.setBuiltin({ endpoint: 'http://127.0.0.1:43210', region: 'us-east-1', accessKeyId: 'LOCALKEY', secretAccessKey: 'local-secret-abcdefgh' });
    const [local, other] = await store.list();
    expect(local).toMatchObject({ id: 'local', provider: 'local', builtin: true, endpoint: 'http://127.0.0.1:43210', secretHint: '••••efgh', checksumMode: 'WHEN_SUPPORTED' });
    expect(other?.builtin).toBe(false);
    expect((await store.resolve('local')).secretAccessKey).toBe('local-secret-abcdefgh');
    await expect(store.remove('local')).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(store.save(minio({ id: 'local' }))).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(store.save(minio({ provider: 'local' }))).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(await plainFiles()).not.toContain('local-secret-abcdefgh');
    store.setBuiltin(undefined);
    expect((await store.list()).map((c) => c.id)).not.toContain('local');
  });

  it('ignores malformed entries and unknown fields in a hand-edited settings file', async () => {
    const { id } = await store.save(minio());
    const [saved] = settings.get<Record<string, unknown>[]>('connections')!;
    settings.set('connections', [{ ...saved, secretAccessKey: 'pasted-here-by-mistake' }, { id: 'broken', name: 3 }, 'junk']);
    const listed = await store.list();
    expect(listed.map((c) => c.id)).toEqual([id]);
    expect(JSON.stringify(listed)).not.toContain('pasted-here-by-mistake');
  });

  it('resolves unsaved form input, using the stored secret when the form edits a saved connection', async () => {
    const { id } = await store.save(minio());
    expect((await store.resolveInput(minio({ id, secretAccessKey: undefined, sessionToken: undefined }))).secretAccessKey).toBe(SECRET);
    expect((await store.resolveInput(minio({ secretAccessKey: 'typed-in-form' }))).secretAccessKey).toBe('typed-in-form');
    await expect(store.resolveInput(minio({ secretAccessKey: undefined }))).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});
