// The aws-chunked decoder against the worked example of the AWS "sigv4-streaming" page (65 KiB + 1 KiB of 'a',
// 20130524T000000Z, the documented example credentials) and against broken streams.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type ChunkedOptions } from '../../../electron/main/local-server/auth/aws-chunked-decoder.ts';
import { signingKey } from '../../../electron/main/local-server/auth/sigv4.ts';

const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const SIGS = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];

async function exampleSigning() {
  const scope = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', shortDate: '20130524', region: 'us-east-1', service: 's3' };
  return {
    signingKey: await signingKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', scope),
    longDate: '20130524T000000Z',
    scope: '20130524/us-east-1/s3/aws4_request',
    seedSignature: SEED,
  };
}

function exampleBody(sigs = SIGS): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${sigs[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${sigs[2]}\r\n\r\n`),
  ]);
}

/** Feeds `body` in pieces of `step` bytes (to cross every boundary) and collects the decoded bytes. */
async function decode(body: Buffer, opts: ChunkedOptions, step = 7): Promise<{ data: Buffer; decoder: AwsChunkedDecoder }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += step) pieces.push(body.subarray(i, i + step));
  const out: Buffer[] = [];
  const decoder = new AwsChunkedDecoder(opts);
  await pipeline(
    Readable.from(pieces),
    decoder,
    new Writable({
      write(c: Buffer, _e, done) {
        out.push(c);
        done();
      },
    }),
  );
  return { data: Buffer.concat(out), decoder };
}

describe('AwsChunkedDecoder', () => {
  it('verifies the AWS documentation example chunk by chunk', async () => {
    for (const step of [1 << 20, 4096, 7]) {
      const { data } = await decode(exampleBody(), { signing: await exampleSigning(), trailer: false }, step);
      expect(data.equals(Buffer.alloc(66560, 'a'))).toBe(true);
    }
  });

  it('rejects a wrong chunk signature', async () => {
    const bad = [SIGS[0], SIGS[1]!.replace(/^0/, '1'), SIGS[2]] as string[];
    await expect(decode(exampleBody(bad), { signing: await exampleSigning(), trailer: false }, 4096)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('rejects altered data under a valid signature', async () => {
    const body = exampleBody();
    body[200] = 0x62;
    await expect(decode(body, { signing: await exampleSigning(), trailer: false })).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('decodes unsigned chunks with trailing checksums', async () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    const { data, decoder } = await decode(body, { trailer: true }, 3);
    expect(data.toString()).toBe('hello world');
    expect(decoder.trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('reports a truncated stream as IncompleteBody and a bad size as InvalidArgument', async () => {
    await expect(decode(Buffer.from('a\r\nhello'), { trailer: true })).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(Buffer.from('zz\r\nhello\r\n'), { trailer: true })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(decode(Buffer.from('5\r\nhelloXX0\r\n\r\n'), { trailer: true })).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});
