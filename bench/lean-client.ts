// A lean S3 client for the bench's small-object rows: node:http keep-alive sockets and the SDK's own SigV4 signer
// (@smithy/signature-v4, signed payload SHA-256), without the SDK's middleware stack. On 2 cores the default
// @aws-sdk/client-s3 spends more CPU per 4 KiB request than the servers do, so with it every server measures
// about the same; with this client the servers' own costs show.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../electron/main/node-sha256.ts';

export class LeanS3Client {
  private readonly agent: Agent;
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, sockets: number) {
    this.url = new URL(endpoint);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
    this.signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials, sha256: NodeSha256, uriEscapePath: false });
  }

  async put(bucket: string, key: string, body: Buffer): Promise<void> {
    await this.send('PUT', bucket, key, body);
  }

  get(bucket: string, key: string): Promise<Buffer> {
    return this.send('GET', bucket, key);
  }

  destroy(): void {
    this.agent.destroy();
  }

  private async send(method: 'PUT' | 'GET', bucket: string, key: string, body?: Buffer): Promise<Buffer> {
    const path = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const headers: Record<string, string> = {
      host: this.url.host,
      'x-amz-content-sha256': createHash('sha256')
        .update(body ?? '')
        .digest('hex'),
    };
    if (body) headers['content-length'] = String(body.length);
    const signed = await this.signer.sign(new HttpRequest({ method, protocol: this.url.protocol, hostname: this.url.hostname, port: Number(this.url.port), path, headers }));
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.url.hostname, port: this.url.port, method, path, headers: signed.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${data.toString('utf8', 0, 300)}`));
          else resolve(data);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
