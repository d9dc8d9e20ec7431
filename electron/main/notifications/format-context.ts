// What a payload formatter needs besides the event: the identity of the (emulated) service and of the
// trigger. Defaults describe the embedded server; tests pass the values of the reference payloads.

export interface FormatContext {
  /** S3 `awsRegion`; COS `cosRegion`/`s3Region` (and its short code for `region`). */
  region: string;
  /** COS app id (part of `cosObject.key`, `url` host and `eventQueue`). */
  appid: string;
  /** S3 `configurationId`: the trigger's name or id. */
  configurationId: string;
  /** Target function name (COS `eventQueue`). */
  functionName: string;
  /** COS namespace of the function (`default`). */
  namespace: string;
  /** When set, COS `url` points here, path-style (a handler can GET it); else the COS virtual-host form. */
  endpoint?: string | undefined;
  /** S3 userIdentity / ownerIdentity principal. */
  principalId: string;
  /** S3 `x-amz-id-2`. */
  hostId: string;
  /** COS requestHeaders.Authorization as the request carried it; a placeholder is built when absent. */
  authorization?: string | undefined;
}

export const DEFAULT_FORMAT_CONTEXT: FormatContext = {
  region: 'us-east-1',
  appid: '1250000000',
  configurationId: '',
  functionName: '',
  namespace: 'default',
  principalId: 'bucketscope-local',
  hostId: 'bucketscope-local-1',
};

// COS short region codes, as `cosBucket.region` carries them.
// https://www.tencentcloud.com/document/product/436/6224
const COS_SHORT_REGIONS: Record<string, string> = {
  'ap-guangzhou': 'gz',
  'ap-shanghai': 'sh',
  'ap-chengdu': 'cd',
  'ap-beijing': 'bj',
  'ap-nanjing': 'nj',
  'ap-chongqing': 'cq',
  'ap-hongkong': 'hk',
  'ap-singapore': 'sg',
  'ap-mumbai': 'in',
  'ap-seoul': 'kr',
  'ap-bangkok': 'th',
  'ap-tokyo': 'jp',
  'na-siliconvalley': 'usw',
  'na-ashburn': 'use',
  'eu-frankfurt': 'de',
};

export function cosShortRegion(region: string): string {
  return COS_SHORT_REGIONS[region] ?? region;
}
