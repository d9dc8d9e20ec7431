import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAppProtocol, resolveAppRequest } from '../../../electron/main/platform/app-protocol.ts';

const root = path.resolve('/srv/app/out/renderer');

describe('app:// protocol', () => {
  it('maps app://bucketscope paths into the renderer folder', () => {
    expect(resolveAppRequest(root, 'app://bucketscope/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://bucketscope/index.html?x=1#/a')).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://bucketscope/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveAppRequest(root, 'app://bucketscope/assets/a%20b.css')).toBe(path.join(root, 'assets/a b.css'));
  });

  it('refuses other hosts, schemes and anything escaping the folder', () => {
    for (const url of [
      'app://other/index.html',
      'https://bucketscope/index.html',
      'app://bucketscope/assets/..%2f..%2fmain%2findex.js',
      'app://bucketscope/..%5c..%5cmain%5cindex.js',
      'app://bucketscope/a%00.html',
      'app://bucketscope/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppRequest(root, url), url).toBeUndefined();
    }
  });

  it('keeps dot segments inside the folder (the URL parser clamps them at the root)', () => {
    expect(resolveAppRequest(root, 'app://bucketscope/../main/index.js')).toBe(path.join(root, 'main/index.js'));
    expect(resolveAppRequest(root, 'app://bucketscope/%2e%2e/%2E%2E/main/index.js')).toBe(path.join(root, 'main/index.js'));
  });

  it('answers 404 for refused paths and missing files, the file otherwise', async () => {
    let handler: ((request: Request) => Promise<Response> | Response) | undefined;
    const fetched: string[] = [];
    registerAppProtocol(
      {
        handle: (_scheme, h) => (handler = h),
        fetchFile: async (url) => {
          fetched.push(url);
          if (url.endsWith('missing.js')) throw new Error('ENOENT');
          return new Response('ok', { status: 200 });
        },
      },
      root,
    );
    const page = await handler!(new Request('app://bucketscope/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('ok');
    const script = await handler!(new Request('app://bucketscope/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await handler!(new Request('app://bucketscope/missing.js'))).status).toBe(404);
    expect((await handler!(new Request('app://bucketscope/..%2f..%2fsecret'))).status).toBe(404);
    expect(fetched).toHaveLength(3);
    expect(fetched[0]).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
  });
});
