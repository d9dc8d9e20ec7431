// The environment a handler runs with: a small base (not the app's own environment, which may hold
// credentials of real clouds), the embedded server's endpoint and credentials so the AWS SDK, boto3 and
// aws-cli reach it unconfigured, SCF/Lambda-style names, then the user's own variables.
import type { FunctionDto } from '../../shared/triggers.ts';

export interface ServerAccess {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const PASS_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'USER', 'PYTHONPATH', 'NODE_PATH'];

export function handlerEnv(fn: FunctionDto, server: ServerAccess | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (server !== undefined) {
    Object.assign(env, {
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_ENDPOINT_URL_S3: server.endpoint,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_REGION: server.region,
      AWS_DEFAULT_REGION: server.region,
      BUCKETSCOPE_ENDPOINT: server.endpoint,
      BUCKETSCOPE_ACCESS_KEY_ID: server.accessKeyId,
      BUCKETSCOPE_SECRET_ACCESS_KEY: server.secretAccessKey,
      BUCKETSCOPE_REGION: server.region,
    });
  }
  Object.assign(env, {
    SCF_FUNCTIONNAME: fn.name,
    SCF_NAMESPACE: 'default',
    SCF_FUNCTIONVERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    BUCKETSCOPE_FUNCTION: fn.name,
  });
  return { ...env, ...fn.env };
}

/** host:port spellings of the endpoint, matched against the Host of the handler's requests. */
export function endpointHosts(endpoint: string | undefined): string[] {
  if (endpoint === undefined) return [];
  try {
    const url = new URL(endpoint);
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    const hosts = [`${url.hostname}:${port}`];
    if (url.hostname === '127.0.0.1') hosts.push(`localhost:${port}`);
    if (url.hostname === 'localhost') hosts.push(`127.0.0.1:${port}`);
    return hosts;
  } catch {
    return [];
  }
}
