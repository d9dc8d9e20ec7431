import { describe, expect, it } from 'vitest';
import { applyPreset, emptyForm, followRegion, validate, type ConnectionForm } from './connection-form.ts';
import type { ProviderPreset } from '../../../../electron/shared/dto.ts';

const COS: ProviderPreset = {
  id: 'cos', label: 'Tencent Cloud COS', endpoint: 'https://cos.{region}.myqcloud.com', region: 'ap-guangzhou',
  forcePathStyle: false, checksumMode: 'WHEN_REQUIRED', dialect: 'cos', help: '',
};

const filled = (patch: Partial<ConnectionForm>): ConnectionForm => ({ ...emptyForm(), name: 'n', accessKeyId: 'k', secretAccessKey: 's', ...patch });

describe('connection form', () => {
  it('moves a preset endpoint to the region typed after it', () => {
    const form = emptyForm();
    applyPreset(form, COS);
    form.region = '';
    followRegion(form, COS);
    form.region = 'ap-shanghai';
    followRegion(form, COS);
    expect(form.endpoint).toBe('https://cos.ap-shanghai.myqcloud.com');
  });

  it('keeps an endpoint the user typed when the region changes', () => {
    const form = emptyForm();
    applyPreset(form, COS);
    form.endpoint = 'https://cos-internal.example.com';
    form.region = 'ap-shanghai';
    followRegion(form, COS);
    expect(form.endpoint).toBe('https://cos-internal.example.com');
  });

  it('refuses a COS bucket address and says which endpoint to use', () => {
    const errors = validate(filled({ provider: 'cos', region: 'ap-guangzhou', endpoint: 'https://photos-1250000000.cos.ap-guangzhou.myqcloud.com' }), undefined);
    expect(errors.endpoint).toBe('That is the address of the bucket photos-1250000000: use https://cos.ap-guangzhou.myqcloud.com and open the bucket from the list.');
  });

  it('refuses a path on a host-only provider, but not on a self-hosted server behind a path', () => {
    expect(validate(filled({ provider: 'r2', endpoint: 'https://abc.r2.cloudflarestorage.com/photos' }), undefined).endpoint).toBe(
      "Leave the bucket and path out: the endpoint is the server's address, https://abc.r2.cloudflarestorage.com.",
    );
    expect(validate(filled({ provider: 'r2', endpoint: 'https://abc.r2.cloudflarestorage.com/' }), undefined).endpoint).toBeUndefined();
    expect(validate(filled({ provider: 'custom', endpoint: 'https://gateway.example.com/s3' }), undefined).endpoint).toBeUndefined();
  });

  it('says which URL to type for a host pasted without http:// or https://', () => {
    expect(validate(filled({ provider: 'cos', endpoint: 'cos.ap-guangzhou.myqcloud.com' }), undefined).endpoint).toBe(
      'Start with https:// (or http:// for a server without TLS), e.g. https://cos.ap-guangzhou.myqcloud.com.',
    );
    expect(validate(filled({ provider: 'minio', endpoint: 'localhost:9000' }), undefined).endpoint).toBe('Start with http:// or https://, e.g. http://localhost:9000.');
    expect(validate(filled({ provider: 'minio', endpoint: 'http://localhost:9000' }), undefined).endpoint).toBeUndefined();
    expect(validate(filled({ provider: 'minio', endpoint: 'ftp://files.example.com' }), undefined).endpoint).toMatch(/must start with http/);
  });
});
