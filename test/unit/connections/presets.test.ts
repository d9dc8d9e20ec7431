import { describe, expect, it } from 'vitest';
import { PRESETS, presetFor, resolveEndpoint, selectablePresets, unresolvedPlaceholder } from '../../../electron/main/connections/presets.ts';
import { PROVIDERS } from '../../../electron/shared/dto.ts';

describe('provider presets', () => {
  it('has exactly one preset per provider', () => {
    expect(PRESETS.map((p) => p.id).sort()).toEqual([...PROVIDERS].sort());
  });

  it('uses the SDK default checksums for AWS and the embedded server, "when required" for S3-compatible servers', () => {
    const modes = Object.fromEntries(PRESETS.map((p) => [p.id, p.checksumMode]));
    expect(modes).toEqual({
      local: 'WHEN_SUPPORTED',
      aws: 'WHEN_SUPPORTED',
      cos: 'WHEN_REQUIRED',
      minio: 'WHEN_REQUIRED',
      r2: 'WHEN_REQUIRED',
      ceph: 'WHEN_REQUIRED',
      b2: 'WHEN_REQUIRED',
      wasabi: 'WHEN_REQUIRED',
      custom: 'WHEN_REQUIRED',
    });
  });

  it('fills endpoint, region and addressing defaults', () => {
    expect(presetFor('aws')).toMatchObject({ endpoint: '', region: 'us-east-1', forcePathStyle: false, dialect: 's3' });
    expect(presetFor('cos')).toMatchObject({ endpoint: 'https://cos.{region}.myqcloud.com', region: 'ap-guangzhou', forcePathStyle: false, dialect: 'cos' });
    expect(presetFor('minio')).toMatchObject({ endpoint: 'http://localhost:9000', forcePathStyle: true });
    expect(presetFor('ceph')).toMatchObject({ forcePathStyle: true });
    expect(presetFor('r2').region).toBe('auto');
  });

  it('produces valid URLs once placeholders are filled', () => {
    for (const preset of PRESETS) {
      if (preset.endpoint === '') continue;
      const filled = resolveEndpoint(preset.endpoint, preset.region).replace('{account}', 'abc123');
      expect(unresolvedPlaceholder(filled)).toBeUndefined();
      expect(new URL(filled).protocol).toMatch(/^https?:$/);
    }
    expect(resolveEndpoint('https://cos.{region}.myqcloud.com', 'ap-shanghai')).toBe('https://cos.ap-shanghai.myqcloud.com');
    expect(unresolvedPlaceholder('https://{account}.r2.cloudflarestorage.com')).toBe('{account}');
  });

  it('offers every provider but the embedded server in the form, as copies', () => {
    const selectable = selectablePresets();
    expect(selectable.map((p) => p.id)).not.toContain('local');
    expect(selectable).toHaveLength(PRESETS.length - 1);
    selectable[0]!.region = 'changed';
    expect(PRESETS.find((p) => p.id === selectable[0]!.id)?.region).not.toBe('changed');
    expect(JSON.parse(JSON.stringify(selectable))).toEqual(selectable);
  });
});
