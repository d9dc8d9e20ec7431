// The DeleteObjects fast path must read every document exactly like the generic XML parser, or step aside.
import { describe, expect, it } from 'vitest';
import { scanDelete } from '../../../electron/main/local-server/xml/delete-fast-path.ts';
import { parseDelete, parseDeleteTree } from '../../../electron/main/local-server/xml/request-documents.ts';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const decl = '<?xml version="1.0" encoding="UTF-8"?>';
const obj = (k: string, v?: string): string => `<Object><Key>${k}</Key>${v ? `<VersionId>${v}</VersionId>` : ''}</Object>`;

const plain: Record<string, string> = {
  sdk: `${decl}<Delete ${NS}>${obj('a')}${obj('b/c', '0123456789abcdefghijklmnopqrstuv')}<Quiet>true</Quiet></Delete>`,
  entities: `<Delete>${obj('a&amp;b&lt;c&gt;d&quot;e&apos;f')}${obj('&#34;q&#x1F600;')}${obj('  spaced  ')}${obj('')}</Delete>`,
  pretty: `${decl}\n<Delete ${NS}>\n  <Quiet>false</Quiet>\n  <Object>\n    <Key>x y</Key>\n    <ETag>"e"</ETag>\n    <Size>3</Size>\n  </Object>\n</Delete>\n`,
  unicode: `<Delete ${NS}>${obj('Grüße/日本/😀')}${obj('a>b')}</Delete>`,
  duplicateKeys: `<Delete>${obj('same')}${obj('same')}</Delete>`,
};

const unusual: Record<string, string> = {
  crlf: `<Delete>${obj('line\r\nbreak')}</Delete>`,
  cdata: `<Delete><Object><Key><![CDATA[a<b]]></Key></Object></Delete>`,
  comment: `<Delete><!-- c -->${obj('a')}</Delete>`,
  prefixed: `<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Object><s3:Key>a</s3:Key></s3:Object></s3:Delete>`,
  htmlEntity: `<Delete>${obj('a&nbsp;b')}</Delete>`,
  selfClosingKey: `<Delete><Object><Key/></Object></Delete>`,
};

const malformed: Record<string, string> = {
  noKey: `<Delete><Object><VersionId>null</VersionId></Object></Delete>`,
  nestedKey: `<Delete><Object><Key><X>a</X></Key></Object></Delete>`,
  twoKeys: `<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>`,
  wrongRoot: `<Remove>${obj('a')}</Remove>`,
  empty: `<Delete><Quiet>true</Quiet></Delete>`,
  tooMany: `<Delete>${Array.from({ length: 1001 }, (_, i) => obj(`k${i}`)).join('')}</Delete>`,
  broken: `<Delete>${obj('a')}`,
};

describe('DeleteObjects fast path', () => {
  for (const [name, xml] of Object.entries(plain)) {
    it(`reads the plain shape like the generic parser: ${name}`, () => {
      const fast = scanDelete(xml);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parseDeleteTree(xml));
      expect(parseDelete(Buffer.from(xml))).toEqual(fast);
    });
  }
  for (const [name, xml] of Object.entries(unusual)) {
    it(`steps aside for ${name}, and the generic parser answers`, () => {
      expect(scanDelete(xml)).toBeUndefined();
      expect(parseDelete(Buffer.from(xml))).toEqual(parseDeleteTree(xml));
    });
  }
  for (const [name, xml] of Object.entries(malformed)) {
    it(`answers MalformedXML like before: ${name}`, () => {
      expect(() => parseDelete(Buffer.from(xml))).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    });
  }
  it('reads each object\'s <ETag> (conditional deletes), in both readers', () => {
    const xml = `<Delete><Object><Key>a</Key><ETag>"e1"</ETag></Object><Object><Key>b</Key><ETag>*</ETag><VersionId>v</VersionId></Object>${obj('c')}</Delete>`;
    const expected = { quiet: false, objects: [{ key: 'a', etag: '"e1"' }, { key: 'b', etag: '*', versionId: 'v' }, { key: 'c' }] };
    expect(scanDelete(xml)).toEqual(expected);
    expect(parseDeleteTree(xml)).toEqual(expected);
  });
  it('keeps 1,000 keys in order', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `list-${String(i).padStart(6, '0')}`);
    const xml = `${decl}<Delete ${NS}>${keys.map((k) => obj(k)).join('')}<Quiet>true</Quiet></Delete>`;
    expect(parseDelete(Buffer.from(xml))).toEqual({ quiet: true, objects: keys.map((key) => ({ key })) });
  });
});
