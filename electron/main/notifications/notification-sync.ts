// For the embedded server, a bucket's triggers and its S3 notification configuration are one thing.
// - PutBucketNotificationConfiguration (aws-cli, SDK, the UI of another tool) -> the bucket's triggers are
//   replaced by the configuration's function rules (LambdaFunctionConfiguration / CloudFunctionConfiguration
//   whose ARN names a local function).
// - A trigger saved in the app -> written back with PutBucketNotificationConfiguration, so
//   GetBucketNotificationConfiguration shows it; Topic/Queue rules of the bucket are kept.
//
// ARN of a local function: `arn:bucketscope:function:<name>` (S3 -> Lambda payloads) or
// `arn:bucketscope:function:<name>:cos` (COS -> SCF payloads). Also accepted: the Lambda form
// `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` (S3 payloads) and the SCF form ending in
// `function/<name>` (`qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/<name>`, COS payloads).
// The S3 XML carries every function target as CloudFunctionConfiguration, so the ARN is what says the format.
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
  type Event as S3EventName,
} from '@aws-sdk/client-s3';
import { LOCAL_CONNECTION_ID, type Dialect, type TriggerDto, type TriggerEventName, type TriggerInput } from '../../shared/triggers.ts';
import type { ServerAccess } from '../functions/handler-env.ts';
import { expandSelector } from '../../shared/event-names.ts';

export const LOCAL_FUNCTION_ARN_PREFIX = 'arn:bucketscope:function:';

/** Structural copy of the embedded server's NotificationRule (local-server/notification-config.ts). */
export interface NotificationRuleLike {
  id: string;
  kind: 'Topic' | 'Queue' | 'LambdaFunction' | 'CloudFunction';
  arn: string;
  events: string[];
  prefix?: string;
  suffix?: string;
}

/** Structural copy of the embedded server's DestinationCheck (local-server/notification-config.ts). */
export type DestinationCheckLike = (
  bucket: string,
  rules: readonly NotificationRuleLike[],
  previous: { rules: readonly NotificationRuleLike[] },
) => { arn: string; reason: string }[];

export interface NotificationSource {
  listNotificationConfigs(): { bucket: string; config: { rules: NotificationRuleLike[] } }[];
  onNotificationConfigChange(listener: (bucket: string, config: { rules: NotificationRuleLike[] } | undefined) => void): () => void;
  /** Present on the embedded server: makes PutBucketNotificationConfiguration refuse what the check reports. */
  setDestinationCheck?(check: DestinationCheckLike | undefined): void;
}

export function functionArn(name: string, format: Dialect = 's3'): string {
  return `${LOCAL_FUNCTION_ARN_PREFIX}${name}${format === 'cos' ? ':cos' : ''}`;
}

/** The local function an ARN names and the payload format it implies; undefined for other ARNs. */
export function parseFunctionArn(arn: string): { name: string; format: Dialect } | undefined {
  if (arn.startsWith(LOCAL_FUNCTION_ARN_PREFIX)) {
    const [name, qualifier] = arn.slice(LOCAL_FUNCTION_ARN_PREFIX.length).split(':');
    if (!name) return undefined;
    return { name, format: qualifier === 'cos' ? 'cos' : 's3' };
  }
  const lambda = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(arn);
  if (lambda !== null) return { name: lambda[1]!, format: 's3' };
  const scf = /(?:^|[:/])function\/([^/:]+)$/.exec(arn);
  if (scf !== null) return { name: scf[1]!, format: 'cos' };
  return undefined;
}

const sameEvents = (a: readonly string[], b: readonly string[]): boolean => {
  const ea = new Set(a.flatMap(expandSelector));
  const eb = new Set(b.flatMap(expandSelector));
  return ea.size === eb.size && [...ea].every((e) => eb.has(e));
};

/**
 * The triggers a bucket's configuration stands for. Existing triggers matched by id or name keep their id,
 * enabled flag, dialect spelling and format; disabled triggers absent from the configuration stay.
 * `unknown` lists function rules whose ARN names no local function.
 */
export function triggersFromRules(
  bucket: string,
  rules: readonly NotificationRuleLike[],
  existing: readonly TriggerDto[],
  functionByName: (name: string) => { id: string } | undefined,
): { inputs: TriggerInput[]; unknown: string[] } {
  const inputs: TriggerInput[] = [];
  const unknown: string[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'LambdaFunction' && rule.kind !== 'CloudFunction') continue;
    const target = parseFunctionArn(rule.arn);
    const fn = target !== undefined ? functionByName(target.name) : undefined;
    if (target === undefined || fn === undefined) {
      unknown.push(rule.arn);
      continue;
    }
    const match = existing.find((t) => t.id === rule.id || (t.name !== '' && t.name === rule.id));
    const format: Dialect = target.format;
    const events = match !== undefined && sameEvents(match.events, rule.events) ? match.events : (rule.events as TriggerEventName[]);
    inputs.push({
      ...(match !== undefined ? { id: match.id, enabled: match.enabled } : {}),
      name: match?.name || rule.id,
      connectionId: LOCAL_CONNECTION_ID,
      bucket,
      events,
      prefix: rule.prefix ?? '',
      suffix: rule.suffix ?? '',
      format,
      functionId: fn.id,
    });
  }
  const kept = existing.filter((t) => !t.enabled && !inputs.some((i) => i.id === t.id));
  return { inputs: [...inputs, ...kept], unknown };
}

/**
 * The destinations of a configuration that name nothing local, as S3 refuses destinations that do not exist
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html). A function rule must
 * name a local function. Nothing local receives topic or queue messages, so a Topic/Queue rule is refused too, unless
 * the bucket already had that destination (accepted before functions were known): keeping it lets the app write its
 * triggers back next to it.
 */
export function invalidDestinations(
  rules: readonly NotificationRuleLike[],
  previous: readonly NotificationRuleLike[],
  functionByName: (name: string) => unknown,
): { arn: string; reason: string }[] {
  const invalid: { arn: string; reason: string }[] = [];
  for (const rule of rules) {
    if (rule.kind === 'LambdaFunction' || rule.kind === 'CloudFunction') {
      const target = parseFunctionArn(rule.arn);
      if (target === undefined) {
        invalid.push({ arn: rule.arn, reason: `The destination function does not exist: the ARN names no local function (use ${functionArn('<name>')})` });
      } else if (functionByName(target.name) === undefined) {
        invalid.push({ arn: rule.arn, reason: `The destination function does not exist: no local function is named ${target.name}` });
      }
    } else if (!previous.some((p) => p.kind === rule.kind && p.arn === rule.arn)) {
      invalid.push({ arn: rule.arn, reason: `The destination ${rule.kind === 'Topic' ? 'topic' : 'queue'} does not exist` });
    }
  }
  return invalid;
}

/** Configuration spelling (`s3:` names, which the server validates) of one trigger. */
export function ruleOfTrigger(t: TriggerDto, functionName: string): NotificationRuleLike {
  const events = [...new Set(t.events.flatMap(expandSelector))].map((e) => `s3:${e}`);
  // Keep wildcards short when the trigger selects a whole family.
  const created = events.filter((e) => e.startsWith('s3:ObjectCreated:'));
  const removed = events.filter((e) => e.startsWith('s3:ObjectRemoved:'));
  const spelled = [...(created.length === 4 ? ['s3:ObjectCreated:*'] : created), ...(removed.length === 2 ? ['s3:ObjectRemoved:*'] : removed)];
  return {
    id: t.name !== '' ? t.name : t.id,
    kind: 'LambdaFunction',
    arn: functionArn(functionName, t.format),
    events: spelled,
    ...(t.prefix !== '' ? { prefix: t.prefix } : {}),
    ...(t.suffix !== '' ? { suffix: t.suffix } : {}),
  };
}

/** Equal as triggers: same ids, selectors, filters, format, function and enabled flags. */
function sameTriggers(a: readonly TriggerDto[], b: readonly TriggerInput[]): boolean {
  if (a.length !== b.length) return false;
  return b.every((i) => {
    const t = a.find((x) => x.id === i.id);
    return (
      t !== undefined &&
      sameEvents(t.events, i.events) &&
      t.prefix === (i.prefix ?? '') &&
      t.suffix === (i.suffix ?? '') &&
      t.format === i.format &&
      t.functionId === i.functionId &&
      t.enabled === (i.enabled ?? true)
    );
  });
}

export interface SyncDeps {
  triggers: {
    list(filter: { connectionId?: string; bucket?: string }): TriggerDto[];
    replaceBucket(connectionId: string, bucket: string, inputs: TriggerInput[]): TriggerDto[];
    onChange(listener: (change: { connectionId: string; bucket: string }) => void): () => void;
  };
  functions: { byName(name: string): { id: string } | undefined; get(id: string): { name: string } | undefined };
  serverAccess(): ServerAccess | undefined;
  /** Reports what could not be applied (unknown function ARNs, write-back failures). */
  warn(message: string): void;
}

export class LocalNotificationSync {
  private applying = false;
  private offs: (() => void)[] = [];
  private client: S3Client | undefined;
  private clientFor: string | undefined;
  private pushing = Promise.resolve();

  constructor(private readonly deps: SyncDeps) {}

  /** Applies every bucket's current configuration, then follows changes both ways. */
  attach(source: NotificationSource): void {
    for (const { bucket, config } of source.listNotificationConfigs()) {
      if (config.rules.some((r) => r.kind === 'LambdaFunction' || r.kind === 'CloudFunction')) this.apply(bucket, config.rules);
    }
    this.offs.push(source.onNotificationConfigChange((bucket, config) => this.apply(bucket, config?.rules ?? [])));
    // With the functions known, the server refuses a configuration naming none of them, as S3 does (nothing applied).
    if (source.setDestinationCheck !== undefined) {
      source.setDestinationCheck((_bucket, rules, previous) => invalidDestinations(rules, previous.rules, (n) => this.deps.functions.byName(n)));
      this.offs.push(() => source.setDestinationCheck?.(undefined));
    }
    this.offs.push(
      this.deps.triggers.onChange((change) => {
        if (!this.applying && change.connectionId === LOCAL_CONNECTION_ID) this.push(change.bucket);
      }),
    );
  }

  detach(): void {
    for (const off of this.offs.splice(0)) off();
    this.client?.destroy();
  }

  /** Resolves when pending write-backs are done. */
  settled(): Promise<void> {
    return this.pushing;
  }

  apply(bucket: string, rules: readonly NotificationRuleLike[]): void {
    const existing = this.deps.triggers.list({ connectionId: LOCAL_CONNECTION_ID, bucket });
    // Nothing to follow for a bucket with neither triggers nor function rules (most PUTs of Topic/Queue rules).
    const { inputs, unknown } = triggersFromRules(bucket, rules, existing, (n) => this.deps.functions.byName(n));
    for (const arn of unknown) this.deps.warn(`Bucket ${bucket}: notification target ${arn} names no local function (use ${functionArn('<name>')})`);
    if (sameTriggers(existing, inputs)) return;
    this.applying = true;
    try {
      this.deps.triggers.replaceBucket(LOCAL_CONNECTION_ID, bucket, inputs);
    } catch (err) {
      this.deps.warn(`Bucket ${bucket}: notification configuration not applied as triggers: ${(err as Error).message}`);
    } finally {
      this.applying = false;
    }
  }

  private push(bucket: string): void {
    this.pushing = this.pushing.then(() => this.write(bucket)).catch((err: unknown) => {
      this.deps.warn(`Bucket ${bucket}: triggers not written to its notification configuration: ${(err as Error).message}`);
    });
  }

  private async write(bucket: string): Promise<void> {
    const server = this.deps.serverAccess();
    if (server === undefined) return;
    if (this.client === undefined || this.clientFor !== server.endpoint) {
      this.client?.destroy();
      this.client = new S3Client({
        endpoint: server.endpoint,
        region: server.region,
        forcePathStyle: true,
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      });
      this.clientFor = server.endpoint;
    }
    const current = await this.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    const rules = this.deps.triggers
      .list({ connectionId: LOCAL_CONNECTION_ID, bucket })
      .map((t) => ruleOfTrigger(t, this.deps.functions.get(t.functionId)?.name ?? t.functionId));
    const filter = (r: NotificationRuleLike) =>
      r.prefix !== undefined || r.suffix !== undefined
        ? {
            Key: {
              FilterRules: [
                ...(r.prefix !== undefined ? [{ Name: 'prefix' as const, Value: r.prefix }] : []),
                ...(r.suffix !== undefined ? [{ Name: 'suffix' as const, Value: r.suffix }] : []),
              ],
            },
          }
        : undefined;
    await this.client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          ...(current.TopicConfigurations?.length ? { TopicConfigurations: current.TopicConfigurations } : {}),
          ...(current.QueueConfigurations?.length ? { QueueConfigurations: current.QueueConfigurations } : {}),
          ...(current.EventBridgeConfiguration ? { EventBridgeConfiguration: current.EventBridgeConfiguration } : {}),
          LambdaFunctionConfigurations: rules.map((r) => ({
            Id: r.id,
            LambdaFunctionArn: r.arn,
            Events: r.events as S3EventName[],
            ...(filter(r) !== undefined ? { Filter: filter(r) } : {}),
          })),
        },
      }),
    );
  }
}
