// A small local S3 endpoint for what s3rver cannot show: it answers real S3 error documents chosen by the
// access key id of the request (s3rver never checks signatures), and records every request's headers.
// The error bodies follow https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Access key ids that make the fake answer with a given failure. */
export const FAKE_KEYS = {
  ok: 'AKIDFAKEOK',
  wrongSecret: 'AKIDWRONGSECRET',
  unknownKey: 'AKIDUNKNOWN',
  denied: 'AKIDDENIED',
  skewed: 'AKIDSKEWED',
  notS3: 'AKIDNOTS3',
  silent: 'AKIDSILENT',
} as const;

const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

function errorDocument(code: string, message: string, extra = ''): string {
  return xml(`<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>4442587FB7D0A2F9</RequestId><HostId>fake-host-id</HostId></Error>`);
}

const ERRORS: Record<string, { status: number; body: () => string }> = {
  [FAKE_KEYS.wrongSecret]: {
    status: 403,
    body: () =>
      errorDocument(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        `<AWSAccessKeyId>${FAKE_KEYS.wrongSecret}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign><SignatureProvided>00</SignatureProvided>`,
      ),
  },
  [FAKE_KEYS.unknownKey]: {
    status: 403,
    body: () =>
      errorDocument(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        `<AWSAccessKeyId>${FAKE_KEYS.unknownKey}</AWSAccessKeyId>`,
      ),
  },
  [FAKE_KEYS.denied]: { status: 403, body: () => errorDocument('AccessDenied', 'Access Denied') },
  [FAKE_KEYS.skewed]: {
    status: 403,
    body: () => {
      const server = new Date();
      const request = new Date(server.getTime() - 3_600_000);
      const amz = request.toISOString().replace(/[-:]|\.\d{3}/g, '');
      return errorDocument(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        `<RequestTime>${amz}</RequestTime><ServerTime>${server.toISOString()}</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>`,
      );
    },
  },
};

function accessKeyOf(req: IncomingMessage): string | undefined {
  return /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * DeleteObjects as a versioned bucket answers it: a named version is deleted for good (VersionId echoed),
 * a key without one gets a delete marker; the key "locked" fails with AccessDenied.
 */
function deleteResult(body: string): string {
  const entries = [...body.matchAll(/<Object>(.*?)<\/Object>/gs)].map((m) => ({
    key: /<Key>(.*?)<\/Key>/s.exec(m[1]!)?.[1] ?? '',
    versionId: /<VersionId>(.*?)<\/VersionId>/s.exec(m[1]!)?.[1],
  }));
  const parts = entries.map(({ key, versionId }) => {
    if (key === 'locked') return `<Error><Key>${key}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`;
    if (versionId) return `<Deleted><Key>${key}</Key><VersionId>${versionId}</VersionId></Deleted>`;
    return `<Deleted><Key>${key}</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>marker-of-${key}</DeleteMarkerVersionId></Deleted>`;
  });
  return xml(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts.join('')}</DeleteResult>`);
}

/** Versioning status of every bucket of the fake ('' = never enabled). */
let versioning = '';

/**
 * ListObjectVersions in the shape S3 sends: versions and delete markers interleaved, newest first per key,
 * two pages split by key-marker / version-id-marker.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
 */
function versionsPage(params: URLSearchParams): string {
  const ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  if (!params.get('key-marker')) {
    return xml(
      `<ListVersionsResult ${ns}><Name>made</Name><Prefix>${params.get('prefix') ?? ''}</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>` +
        '<NextKeyMarker>docs/a.txt</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>' +
        '<DeleteMarker><Key>docs/a.txt</Key><VersionId>m3</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-03T00:00:00.000Z</LastModified></DeleteMarker>' +
        '<Version><Key>docs/a.txt</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest><LastModified>2026-01-02T00:00:00.000Z</LastModified><ETag>"e2"</ETag><Size>20</Size><StorageClass>STANDARD</StorageClass></Version>' +
        '<Version><Key>docs/a.txt</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"e1"</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Version>' +
        '</ListVersionsResult>',
    );
  }
  return xml(
    `<ListVersionsResult ${ns}><Name>made</Name><Prefix>${params.get('prefix') ?? ''}</Prefix><KeyMarker>${params.get('key-marker')}</KeyMarker><VersionIdMarker>${params.get('version-id-marker') ?? ''}</VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>` +
      '<Version><Key>docs/b.txt</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-04T00:00:00.000Z</LastModified><ETag>"e3"</ETag><Size>5</Size><StorageClass>STANDARD</StorageClass></Version>' +
      '</ListVersionsResult>',
  );
}

/** Enough of S3 for ListBuckets, CreateBucket, deletes and an upload (single or multipart) to succeed. */
function answerOk(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://fake');
  const send = (status: number, body = '', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'x-amz-request-id': 'FAKEREQ', ...(body ? { 'Content-Type': 'application/xml' } : {}), ...headers });
    res.end(body);
  };
  if (req.method === 'GET' && url.pathname === '/') {
    return send(
      200,
      xml(
        '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>fake</ID><DisplayName>fake</DisplayName></Owner><Buckets>' +
          '<Bucket><Name>alpha</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate></Bucket>' +
          '<Bucket><Name>beta</Name><CreationDate>2026-02-03T04:05:06.000Z</CreationDate></Bucket>' +
          '</Buckets></ListAllMyBucketsResult>',
      ),
    );
  }
  if (req.method === 'POST' && url.searchParams.has('delete')) return send(200, deleteResult(body));
  if (url.searchParams.has('versioning') && url.pathname.startsWith('/ancient')) {
    return send(501, errorDocument('NotImplemented', 'A header you provided implies functionality that is not implemented'));
  }
  if (url.searchParams.has('versioning')) {
    if (req.method === 'PUT') {
      versioning = /<Status>(.*?)<\/Status>/.exec(body)?.[1] ?? '';
      return send(200);
    }
    const status = versioning ? `<Status>${versioning}</Status>` : '';
    return send(200, xml(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${status}</VersioningConfiguration>`));
  }
  if (req.method === 'GET' && url.searchParams.has('versions')) return send(200, versionsPage(url.searchParams));
  if (req.method === 'POST' && url.searchParams.has('uploads')) {
    return send(200, xml('<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>fake-upload</UploadId></InitiateMultipartUploadResult>'));
  }
  if (req.method === 'PUT' && url.searchParams.has('partNumber')) {
    return send(200, '', { ETag: `"part-${url.searchParams.get('partNumber')}"` });
  }
  if (req.method === 'POST' && url.searchParams.has('uploadId')) {
    return send(200, xml('<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"abc-2"</ETag></CompleteMultipartUploadResult>'), {
      'x-amz-version-id': 'v-multipart',
    });
  }
  if (req.method === 'PUT') return send(200, '', { ETag: '"d41d8cd98f00b204e9800998ecf8427e"', 'x-amz-version-id': 'v-put' });
  if (req.method === 'DELETE') return send(204, '', { 'x-amz-delete-marker': 'true', 'x-amz-version-id': 'v-marker' });
  return send(501, errorDocument('NotImplemented', 'Not implemented by the fake'));
}

function handler(seen: SeenRequest[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const key = accessKeyOf(req);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (key === FAKE_KEYS.silent) return; // accepts the request and never answers
      if (key === FAKE_KEYS.notS3) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Console</title><h1>Welcome</h1>');
        return;
      }
      const failure = key ? ERRORS[key] : undefined;
      if (failure) {
        res.writeHead(failure.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' }).end(failure.body());
        return;
      }
      answerOk(req, res, body);
    });
  };
}

export interface FakeS3 {
  endpoint: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: 'http' | 'https', seen: SeenRequest[]): Promise<FakeS3> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `${scheme}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startFakeS3(): Promise<FakeS3> {
  const seen: SeenRequest[] = [];
  return listen(createHttpServer(handler(seen)), 'http', seen);
}

export function startFakeS3Tls(tls: { key: string; cert: string }): Promise<FakeS3> {
  const seen: SeenRequest[] = [];
  return listen(createHttpsServer(tls, handler(seen)) as unknown as Server, 'https', seen);
}

/** A port that was just free and is closed now: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
