// Pure form logic of the connection editor: presets, validation, and building the ConnectionInput that
// leaves the secret out unless the user typed a new one (secrets are write-only).
import type { ChecksumMode, ConnectionDto, ConnectionInput, ProviderId, ProviderPreset, RemoteEventSource } from '../../../../electron/shared/dto.ts';

export interface ConnectionForm {
  id?: string;
  name: string;
  provider: ProviderId;
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  checksumMode: ChecksumMode;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  clearSessionToken: boolean;
  eventSource: RemoteEventSource;
  /** PEM certificates this endpoint is trusted with besides the system's CAs ('' = none). */
  caCertificate: string;
}

export function emptyForm(): ConnectionForm {
  return {
    name: '', provider: 'aws', endpoint: '', region: 'us-east-1', forcePathStyle: false, checksumMode: 'WHEN_SUPPORTED',
    accessKeyId: '', secretAccessKey: '', sessionToken: '', clearSessionToken: false, eventSource: 'observed',
    caCertificate: '',
  };
}

export function formFromConnection(c: ConnectionDto): ConnectionForm {
  return {
    id: c.id, name: c.name, provider: c.provider, endpoint: c.endpoint, region: c.region, forcePathStyle: c.forcePathStyle,
    checksumMode: c.checksumMode, accessKeyId: c.accessKeyId, secretAccessKey: '', sessionToken: '', clearSessionToken: false,
    eventSource: c.eventSource === 'embedded' ? 'observed' : c.eventSource, caCertificate: c.caCertificate ?? '',
  };
}

/** Fills endpoint, region, path style and checksum mode from a provider preset. */
export function applyPreset(form: ConnectionForm, preset: ProviderPreset): void {
  form.provider = preset.id;
  form.region = preset.region;
  form.endpoint = preset.endpoint.replaceAll('{region}', preset.region);
  form.forcePathStyle = preset.forcePathStyle;
  form.checksumMode = preset.checksumMode;
}

/**
 * The region was edited: an endpoint still as the preset wrote it, for whichever region (COS, B2, Wasabi put the
 * region in the host), follows the new one, so "ap-shanghai" does not keep talking to cos.ap-guangzhou.
 */
export function followRegion(form: ConnectionForm, preset: ProviderPreset | undefined): void {
  if (!preset?.endpoint.includes('{region}')) return;
  const template = new RegExp(`^${preset.endpoint.split('{region}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[a-z0-9-]*')}$`);
  const region = form.region.trim();
  if (region && template.test(form.endpoint.trim())) form.endpoint = preset.endpoint.replaceAll('{region}', region);
}

/** Providers whose S3 endpoint is a bare host: a path there is a pasted bucket or console URL. */
const HOST_ONLY: ReadonlySet<ProviderId> = new Set(['aws', 'cos', 'r2', 'b2', 'wasabi']);

/** What is wrong with a parsed endpoint URL for this provider, if anything. */
function endpointProblem(url: URL, provider: ProviderId): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The endpoint must start with http:// or https://.';
  // A COS bucket's own address (photos-1250000000.cos.ap-guangzhou.myqcloud.com), as the COS console shows it.
  const cosBucket = /^([a-z0-9-]+-\d{6,})\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(url.hostname);
  if (cosBucket) return `That is the address of the bucket ${cosBucket[1]}: use https://cos.${cosBucket[2]}.myqcloud.com and open the bucket from the list.`;
  if (HOST_ONLY.has(provider) && (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '')) {
    return `Leave the bucket and path out: the endpoint is the server's address, ${url.protocol}//${url.host}.`;
  }
  return undefined;
}

/**
 * A host (and port) pasted without http:// or https:// — "cos.ap-guangzhou.myqcloud.com", "localhost:9000" (which a
 * URL parser reads as the scheme "localhost:") — gets the exact URL to type.
 */
function schemeMissing(endpoint: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || !/^[\w.-]+(:\d+)?(\/.*)?$/.test(endpoint)) return undefined;
  const local = /^(localhost|127\.|\[?::1|10\.|192\.168\.)/.test(endpoint);
  return local
    ? `Start with http:// or https://, e.g. http://${endpoint}.`
    : `Start with https:// (or http:// for a server without TLS), e.g. https://${endpoint}.`;
}

export function validate(form: ConnectionForm, editing: ConnectionDto | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Give the connection a name.';
  if (!form.accessKeyId.trim()) errors.accessKeyId = 'Access key id is required.';
  if (!editing && !form.secretAccessKey) errors.secretAccessKey = 'Secret access key is required.';
  const endpoint = form.endpoint.trim();
  if (endpoint) {
    const placeholder = /\{(\w+)\}/.exec(endpoint);
    if (placeholder) errors.endpoint = `Replace {${placeholder[1]}} in the endpoint with your ${placeholder[1]}.`;
    else {
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        errors.endpoint = 'The endpoint must be a URL such as https://s3.example.com.';
      }
      const missing = schemeMissing(endpoint);
      const problem = missing ?? (url && endpointProblem(url, form.provider));
      if (problem) errors.endpoint = problem;
    }
  } else if (form.provider !== 'aws') {
    errors.endpoint = 'This provider needs an endpoint URL.';
  }
  if (!form.region.trim() && form.provider === 'aws') errors.region = 'AWS needs a region, e.g. us-east-1.';
  const ca = certificateProblem(form.caCertificate);
  if (ca) errors.caCertificate = ca;
  return errors;
}

/** What is wrong with pasted trusted certificates, before main parses them for real. */
function certificateProblem(text: string): string | undefined {
  if (!text.trim()) return undefined;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'That is a private key: paste the certificate, never the key.';
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return 'Paste PEM text: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----.';
  return undefined;
}

export function toInput(form: ConnectionForm): ConnectionInput {
  const input: ConnectionInput = {
    name: form.name.trim(),
    provider: form.provider,
    endpoint: form.endpoint.trim().replace(/\/+$/, ''),
    region: form.region.trim(),
    forcePathStyle: form.forcePathStyle,
    checksumMode: form.checksumMode,
    accessKeyId: form.accessKeyId.trim(),
    eventSource: form.eventSource,
    // Always sent: '' removes certificates an edited connection trusted.
    caCertificate: form.caCertificate.trim(),
  };
  if (form.id) input.id = form.id;
  if (form.secretAccessKey) input.secretAccessKey = form.secretAccessKey;
  if (form.sessionToken) input.sessionToken = form.sessionToken;
  else if (form.clearSessionToken) input.sessionToken = '';
  return input;
}
