// AppApi['connections']: saved connections, provider presets, and "Test connection" (a real ListBuckets).
//
// Constructor: new ConnectionsService({ store, pool, emit, testTuning? })
//   store       ConnectionStore (settings + secrets)
//   pool        S3ClientPool; edited or removed connections get their cached client dropped
//   emit        push-event callback (EventHub.emit): sends `connections` { changed: true } after a change
//   testTuning  client settings for the test request (default: one attempt, short timeouts)
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { AppApi } from '../../shared/contract.ts';
import type { ConnectionDto, ConnectionInput, ConnectionTestResult, ProviderPreset } from '../../shared/dto.ts';
import type { ConnectionStore, ResolvedConnection } from '../connections/connection-store.ts';
import { selectablePresets } from '../connections/presets.ts';
import { awsRegionHint, httpToHttpsPort, secretSpacesHint, temporaryKeyHint } from '../connections/test-diagnosis.ts';
import type { S3ClientPool } from '../s3-client/client-pool.ts';
import type { ClientTuning } from '../s3-client/create-client.ts';
import { toAppError } from '../s3-client/map-error.ts';

export type ConnectionsEmit = (name: 'connections', payload: { changed: true }) => void;

export interface ConnectionsServiceOptions {
  store: ConnectionStore;
  pool: S3ClientPool;
  emit: ConnectionsEmit;
  testTuning?: ClientTuning;
}

/** A test answers quickly: no retries, so "unreachable" shows in seconds rather than after backoff. */
const TEST_TUNING: ClientTuning = { maxAttempts: 1, connectionTimeoutMs: 5_000, socketTimeoutMs: 15_000, requestTimeoutMs: 15_000 };

export class ConnectionsService implements Readonly<AppApi['connections']> {
  readonly #store: ConnectionStore;
  readonly #pool: S3ClientPool;
  readonly #emit: ConnectionsEmit;
  readonly #testTuning: ClientTuning;

  constructor(options: ConnectionsServiceOptions) {
    this.#store = options.store;
    this.#pool = options.pool;
    this.#emit = options.emit;
    this.#testTuning = { ...TEST_TUNING, ...options.testTuning };
  }

  list(): Promise<ConnectionDto[]> {
    return this.#store.list();
  }

  async presets(): Promise<ProviderPreset[]> {
    return selectablePresets();
  }

  async save(input: ConnectionInput): Promise<ConnectionDto> {
    const dto = await this.#store.save(input);
    this.#pool.invalidate(dto.id);
    this.#emit('connections', { changed: true });
    return dto;
  }

  async remove(input: { id: string }): Promise<void> {
    await this.#store.remove(input.id);
    this.#pool.invalidate(input.id);
    this.#emit('connections', { changed: true });
  }

  async test(input: { id: string } | { connection: ConnectionInput }): Promise<ConnectionTestResult> {
    const connection: ResolvedConnection =
      'id' in input ? await this.#store.resolve(input.id) : await this.#store.resolveInput(input.connection);
    const client = this.#pool.createDetached(connection, this.#testTuning);
    // A web page answered with 200 (a storage console's port, a captive portal) parses as an empty bucket
    // list; the Content-Type tells the truth.
    let contentType = '';
    client.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const response = out.response as { headers?: Record<string, string> } | undefined;
        contentType = response?.headers?.['content-type'] ?? '';
        return out;
      },
      { step: 'deserialize', name: 'bucketscopeContentTypeProbe', priority: 'low' },
    );
    const started = performance.now();
    try {
      const output = await client.send(new ListBucketsCommand({}));
      const latencyMs = Math.round(performance.now() - started);
      if (/text\/html/i.test(contentType)) {
        const where = connection.endpoint || 'the endpoint';
        return {
          ok: false,
          latencyMs,
          error: {
            code: 'Unavailable',
            message: `${where} answered with a web page, not the S3 API`,
            hint: 'Check that the endpoint is the S3 API URL (not a web console port) and the path-style setting.',
          },
        };
      }
      // An endpoint with a bucket in its path (http://host:9000/photos) turns ListBuckets into that bucket's
      // ListObjects, whose ListBucketResult parses as a bucket list with neither buckets nor owner: "0 buckets".
      const path = endpointPath(connection.endpoint);
      if (path && output.Buckets === undefined && output.Owner === undefined) {
        return {
          ok: false,
          latencyMs,
          error: {
            code: 'InvalidInput',
            message: `The endpoint ends in ${path}, and the server answered with a bucket's listing instead of its list of buckets`,
            hint: `Remove ${path} from the endpoint: it is the server's address; buckets are opened from the sidebar.`,
          },
        };
      }
      return { ok: true, latencyMs, bucketCount: output.Buckets?.length ?? 0 };
    } catch (err) {
      const error = toAppError(err, { endpoint: connection.endpoint || `AWS S3 (${connection.region})` }).toDto();
      const latencyMs = Math.round(performance.now() - started);
      const explained =
        (await httpToHttpsPort(connection.endpoint, error)) ??
        temporaryKeyHint(connection, secretSpacesHint(connection.secretAccessKey, awsRegionHint(connection, error)));
      return { ok: false, latencyMs, error: explained };
    } finally {
      client.destroy();
    }
  }
}

/** The path of an endpoint URL beyond "/" ('' for none or an unparsable URL). */
function endpointPath(endpoint: string): string {
  try {
    const path = new URL(endpoint).pathname.replace(/\/+$/, '');
    return path;
  } catch {
    return '';
  }
}

