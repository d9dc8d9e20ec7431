import { describe, expect, it } from 'vitest';
import { endpointHosts, handlerEnv } from '../../../electron/main/functions/handler-env.ts';
import type { FunctionDto } from '../../../electron/shared/triggers.ts';

const fn: FunctionDto = { id: 'f', name: 'thumbs', runtime: 'nodejs', timeoutMs: 3000, memoryMb: 256, concurrency: 1, env: { MY: '1', AWS_REGION: 'eu-west-1' }, createdAt: '' };

describe('handler environment', () => {
  it('has the embedded server endpoint and credentials, function names, then the user env (which wins)', () => {
    process.env['BUCKETSCOPE_PRIVATE'] = 'x';
    const env = handlerEnv(fn, { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9000',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
      AWS_REGION: 'eu-west-1',
      SCF_FUNCTIONNAME: 'thumbs',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      MY: '1',
    });
    expect(env).not.toHaveProperty('BUCKETSCOPE_PRIVATE');
  });

  it('lists the host:port spellings requests to the server use', () => {
    expect(endpointHosts('http://127.0.0.1:9000')).toEqual(['127.0.0.1:9000', 'localhost:9000']);
    expect(endpointHosts('https://s3.example.com')).toEqual(['s3.example.com:443']);
    expect(endpointHosts(undefined)).toEqual([]);
  });
});
