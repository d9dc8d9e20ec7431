import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ConnectionDialog from './ConnectionDialog.svelte';
import { makeApp } from '../../test-support.ts';
import type { ConnectionInput } from '../../../../electron/shared/dto.ts';

async function setup(connectionId?: string) {
  const env = makeApp({ sample: true });
  await env.app.connections.start();
  let closed = false;
  const connection = connectionId ? env.app.connections.byId(connectionId) : undefined;
  const view = render(ConnectionDialog, { props: { connection, onclose: () => (closed = true) }, context: env.context });
  return { ...env, view, isClosed: () => closed };
}

describe('connection editor', { timeout: 30_000 }, () => {
  it('fills endpoint, region, path style and checksum mode from the provider preset', async () => {
    await setup();
    const provider = screen.getByTestId('conn-provider') as HTMLSelectElement;
    await fireEvent.change(provider, { target: { value: 'minio' } });
    expect((screen.getByTestId('conn-endpoint') as HTMLInputElement).value).toBe('http://127.0.0.1:9000');
    expect((screen.getByTestId('conn-path-style') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('conn-checksum') as HTMLSelectElement).value).toBe('WHEN_REQUIRED');

    await fireEvent.change(provider, { target: { value: 'cos' } });
    expect((screen.getByTestId('conn-endpoint') as HTMLInputElement).value).toBe('https://cos.ap-guangzhou.myqcloud.com');
    expect((screen.getByTestId('conn-region') as HTMLInputElement).value).toBe('ap-guangzhou');
    expect((screen.getByTestId('conn-path-style') as HTMLInputElement).checked).toBe(false);

    await fireEvent.change(provider, { target: { value: 'aws' } });
    expect((screen.getByTestId('conn-endpoint') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('conn-checksum') as HTMLSelectElement).value).toBe('WHEN_SUPPORTED');
  });

  it('moves the COS endpoint to the region the user types', async () => {
    const user = userEvent.setup();
    await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'cos' } });
    const region = screen.getByTestId('conn-region') as HTMLInputElement;
    await user.clear(region);
    await user.type(region, 'ap-shanghai');
    expect((screen.getByTestId('conn-endpoint') as HTMLInputElement).value).toBe('https://cos.ap-shanghai.myqcloud.com');
  });

  it('selects the R2 {account} placeholder when the endpoint is focused, so the account id typed replaces it', async () => {
    const user = userEvent.setup();
    await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'r2' } });
    const endpoint = screen.getByTestId('conn-endpoint') as HTMLInputElement;
    expect(endpoint.value).toBe('https://{account}.r2.cloudflarestorage.com');
    endpoint.focus();
    await waitFor(() => expect([endpoint.selectionStart, endpoint.selectionEnd]).toEqual([8, 17]));
    await user.keyboard('0123456789abcdef0123456789abcdef');
    expect(endpoint.value).toBe('https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com');
  });

  it('limits the fields to what main accepts (a longer name was refused with a validator message after Save)', async () => {
    await setup();
    expect(screen.getByTestId('conn-name')).toHaveAttribute('maxlength', '100');
    expect(screen.getByTestId('conn-region')).toHaveAttribute('maxlength', '64');
    expect(screen.getByTestId('conn-access-key')).toHaveAttribute('maxlength', '256');
  });

  it('shows validation errors and does not save an incomplete connection', async () => {
    const { backend } = await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'r2' } });
    await fireEvent.click(screen.getByTestId('conn-save'));
    expect(await screen.findByTestId('conn-name-error')).toHaveTextContent('Give the connection a name.');
    expect(screen.getByTestId('conn-access-key-error')).toHaveTextContent('Access key id is required.');
    expect(screen.getByTestId('conn-secret-error')).toHaveTextContent('Secret access key is required.');
    // The R2 template still holds {account}: the user is told to fill it in.
    expect(screen.getByTestId('conn-endpoint-error')).toHaveTextContent('Replace {account}');
    // Each message is read with its field, which is marked invalid; the first one has the focus.
    const name = screen.getByTestId('conn-name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleName('Name');
    expect(name).toHaveAccessibleDescription('Give the connection a name.');
    expect(screen.getByTestId('conn-secret')).toHaveAccessibleDescription('Secret access key is required.');
    expect(screen.getByTestId('conn-region')).not.toHaveAttribute('aria-invalid');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(backend.calls.some((c) => c.method === 'connections.save')).toBe(false);
  });

  it('saves a new connection and never shows its secret again', async () => {
    const user = userEvent.setup();
    const env = await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    await user.type(screen.getByTestId('conn-name'), 'MinIO dev');
    await user.type(screen.getByTestId('conn-access-key'), 'minioadmin');
    await user.type(screen.getByTestId('conn-secret'), 'TopSecretValue123');
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.isClosed()).toBe(true));
    const save = env.backend.calls.find((c) => c.method === 'connections.save');
    expect(save?.input).toMatchObject({ name: 'MinIO dev', provider: 'minio', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, secretAccessKey: 'TopSecretValue123' });
    env.view.unmount();

    // Re-open it for editing: the form has the masked hint, not the secret.
    const saved = env.app.connections.list.find((c) => c.name === 'MinIO dev')!;
    render(ConnectionDialog, { props: { connection: saved, onclose: () => undefined }, context: env.context });
    const secret = screen.getByTestId('conn-secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toContain('••••e123');
    expect(document.body.innerHTML).not.toContain('TopSecretValue123');

    // Saving without typing a secret keeps the stored one (the field is omitted).
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.backend.calls.filter((c) => c.method === 'connections.save')).toHaveLength(2));
    const second = env.backend.calls.filter((c) => c.method === 'connections.save')[1]!.input as Record<string, unknown>;
    expect(second).not.toHaveProperty('secretAccessKey');
    expect(second.id).toBe(saved.id);
  });

  it('tests the connection and shows latency and bucket count, or the readable error', async () => {
    const user = userEvent.setup();
    await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    await user.type(screen.getByTestId('conn-access-key'), 'minioadmin');
    await user.type(screen.getByTestId('conn-secret'), 'right');
    await user.click(screen.getByTestId('conn-test'));
    expect(await screen.findByTestId('conn-test-result')).toHaveTextContent('Connected in 42 ms · 3 buckets');

    await user.clear(screen.getByTestId('conn-secret'));
    await user.type(screen.getByTestId('conn-secret'), 'wrong');
    await user.click(screen.getByTestId('conn-test'));
    await waitFor(() => expect(screen.getByTestId('conn-test-result')).toHaveTextContent('The secret access key is wrong (SignatureDoesNotMatch).'));
    expect(screen.getByTestId('conn-test-result')).toHaveTextContent('Re-enter the secret key');
  });

  it('while a slow endpoint is tried, says what it is trying, keeps the focus, and can be stopped; its late answer is dropped', async () => {
    const user = userEvent.setup();
    const { backend } = await setup();
    let answer: ((r: unknown) => void) | undefined;
    const slow = new Promise((resolve) => (answer = resolve));
    (backend.api.connections as { test: unknown }).test = () => slow;
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    await user.type(screen.getByTestId('conn-access-key'), 'minioadmin');
    await user.type(screen.getByTestId('conn-secret'), 'right');
    const button = screen.getByTestId('conn-test');
    button.focus();
    await user.keyboard('{Enter}');
    const trying = await screen.findByTestId('conn-test-trying');
    expect(trying).toHaveTextContent('Trying http://127.0.0.1:9000…');
    expect(trying).toHaveAttribute('role', 'status');
    // Still focusable and focused (a disabled button would drop the focus on <body>), and it stops the wait.
    expect(button).toHaveTextContent('Stop test');
    expect(button).not.toBeDisabled();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('conn-test-trying')).toBeNull());
    expect(button).toHaveTextContent('Test connection');
    answer!({ ok: true, latencyMs: 30_000, bucketCount: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('conn-test-result')).toBeNull();
  });

  it('drops a test result once the endpoint or keys it was for are edited', async () => {
    const user = userEvent.setup();
    await setup();
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    await user.type(screen.getByTestId('conn-access-key'), 'minioadmin');
    await user.type(screen.getByTestId('conn-secret'), 'right');
    await user.click(screen.getByTestId('conn-test'));
    expect(await screen.findByTestId('conn-test-result')).toHaveTextContent('Connected in 42 ms');
    // The name is not part of what was tested.
    await user.type(screen.getByTestId('conn-name'), 'MinIO lab');
    expect(screen.getByTestId('conn-test-result')).toBeInTheDocument();
    await user.type(screen.getByTestId('conn-endpoint'), '1');
    expect(screen.queryByTestId('conn-test-result')).toBeNull();
  });

  it('trusts a self-signed certificate: offered for https endpoints and after a certificate error, checked, sent, and removable', async () => {
    const user = userEvent.setup();
    const env = await setup();
    (env.backend.api.connections as { test: unknown }).test = async () => ({
      ok: false,
      latencyMs: 12,
      error: { code: 'TlsError', message: 'TLS error at https://minio.lab:9000: the server uses a self-signed certificate', hint: 'If this is your server, paste its certificate (or its CA\'s) under "Trusted certificates" in the connection.' },
    });
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    // Over http:// there is nothing to trust.
    expect(screen.queryByTestId('conn-ca-show')).toBeNull();
    const endpoint = screen.getByTestId('conn-endpoint');
    await user.clear(endpoint);
    await user.type(endpoint, 'https://minio.lab:9000');
    expect(screen.getByTestId('conn-ca-show')).toHaveTextContent('Trust a self-signed or private-CA certificate…');
    expect(screen.queryByTestId('conn-ca')).toBeNull();
    await user.type(screen.getByTestId('conn-name'), 'MinIO lab');
    await user.type(screen.getByTestId('conn-access-key'), 'minioadmin');
    await user.type(screen.getByTestId('conn-secret'), 'minioadmin');
    // The certificate error opens the field its hint names.
    await user.click(screen.getByTestId('conn-test'));
    expect(await screen.findByTestId('conn-test-result')).toHaveTextContent('self-signed certificate');
    const ca = await screen.findByTestId('conn-ca');
    expect(ca).toHaveAccessibleName(/Trusted certificates/);
    // The result offers one step to the field, which may be above the fold.
    await user.click(screen.getByTestId('conn-ca-goto'));
    expect(document.activeElement).toBe(ca);

    // A private key is refused before anything is sent.
    await fireEvent.input(ca, { target: { value: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' } });
    await user.click(screen.getByTestId('conn-save'));
    expect(await screen.findByTestId('conn-ca-error')).toHaveTextContent('That is a private key');
    expect(env.backend.calls.some((c) => c.method === 'connections.save')).toBe(false);

    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    await fireEvent.input(ca, { target: { value: pem } });
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.isClosed()).toBe(true));
    expect(env.backend.calls.find((c) => c.method === 'connections.save')?.input).toMatchObject({ endpoint: 'https://minio.lab:9000', caCertificate: pem });
    env.view.unmount();

    // Editing a connection that has one shows it; emptying the field sends '' (remove).
    const saved = { ...env.app.connections.list.find((c) => c.name === 'MinIO lab')!, caCertificate: pem };
    render(ConnectionDialog, { props: { connection: saved, onclose: () => undefined }, context: env.context });
    const field = screen.getByTestId('conn-ca') as HTMLTextAreaElement;
    expect(field.value).toBe(pem);
    await user.clear(field);
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.backend.calls.filter((c) => c.method === 'connections.save')).toHaveLength(2));
    expect(env.backend.calls.filter((c) => c.method === 'connections.save')[1]!.input).toMatchObject({ id: saved.id, caCertificate: '' });
  });

  it('saves an edited connection as a copy that takes the stored keys: no id, no secret, the source named, " (copy)" added', async () => {
    const user = userEvent.setup();
    const env = await setup();
    // The fake stands in for main: a copy gets the source's secret there (main's store is tested on its own).
    const api = env.backend.api.connections;
    const save = api.save;
    api.save = (input: ConnectionInput) => save(input.copySecretsFrom ? { ...input, secretAccessKey: 'copied-in-main' } : input);
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'cos' } });
    await user.type(screen.getByTestId('conn-name'), 'COS');
    await user.type(screen.getByTestId('conn-access-key'), 'AKIDexample');
    await user.type(screen.getByTestId('conn-secret'), 'TopSecretValue123');
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.isClosed()).toBe(true));
    env.view.unmount();

    const source = env.app.connections.list.find((c) => c.name === 'COS')!;
    let closed = false;
    render(ConnectionDialog, { props: { connection: source, onclose: () => (closed = true) }, context: env.context });
    const region = screen.getByTestId('conn-region');
    await user.clear(region);
    await user.type(region, 'ap-shanghai');
    await user.click(screen.getByTestId('conn-save-copy'));
    await waitFor(() => expect(closed).toBe(true));
    const copy = env.backend.calls.filter((c) => c.method === 'connections.save')[1]!.input as Record<string, unknown>;
    expect(copy).toMatchObject({ name: 'COS (copy)', region: 'ap-shanghai', endpoint: 'https://cos.ap-shanghai.myqcloud.com', copySecretsFrom: source.id });
    expect(copy).not.toHaveProperty('id');
    expect(copy).not.toHaveProperty('secretAccessKey');
    await waitFor(() => expect(env.app.connections.list.map((c) => c.name)).toEqual(expect.arrayContaining(['COS', 'COS (copy)'])));
    // The source is unchanged.
    expect(env.app.connections.byId(source.id)?.region).toBe('ap-guangzhou');
  });

  it('offers no copy for a new connection', async () => {
    await setup();
    expect(screen.queryByTestId('conn-save-copy')).toBeNull();
  });

  it('chooses where bucket events come from, and shows the webhook URL of a saved connection', async () => {
    const user = userEvent.setup();
    const env = makeApp({ sample: true });
    await env.app.connections.start();
    env.app.server = await env.api.server.status();
    const cos = env.app.connections.byId('cos-gz')!;
    render(ConnectionDialog, { props: { connection: cos, onclose: () => undefined }, context: env.context });
    expect((screen.getByTestId('conn-event-source') as HTMLSelectElement).value).toBe('webhook');
    expect(screen.getByTestId('webhook-setup-url')).toHaveTextContent('http://127.0.0.1:9501/webhook/cos-gz');
    await user.selectOptions(screen.getByTestId('conn-event-source'), 'observed');
    expect(screen.getByTestId('conn-event-source-help')).toHaveTextContent('labelled “observed”');
    await user.click(screen.getByTestId('conn-save'));
    await waitFor(() => expect(env.backend.calls.find((c) => c.method === 'connections.save')?.input).toMatchObject({ id: 'cos-gz', eventSource: 'observed' }));
  });

  it('shows how to point a server at the webhook receiver: exact URL, token on demand, mc commands, the generic contract', async () => {
    const user = userEvent.setup();
    const env = makeApp({ sample: true });
    await env.app.connections.start();
    env.app.server = await env.api.server.status();
    render(ConnectionDialog, { props: { connection: env.app.connections.byId('cos-gz')!, onclose: () => undefined }, context: env.context });
    expect(screen.getByTestId('webhook-setup-url')).toHaveTextContent('http://127.0.0.1:9501/webhook/cos-gz');
    expect(screen.getByTestId('webhook-setup-token')).toHaveTextContent('••••Hk2w');
    expect(screen.getByTestId('webhook-setup-generic')).toHaveTextContent('Authorization: Bearer <token>');
    expect(screen.queryByTestId('webhook-setup-mc')).toBeNull(); // a COS connection: no MinIO commands
    await user.click(screen.getByTestId('webhook-setup-reveal'));
    await waitFor(() => expect(screen.getByTestId('webhook-setup-token')).toHaveTextContent('webhook-token-Hk2w'));
    expect(screen.getByTestId('webhook-setup-generic')).toHaveTextContent('Authorization: Bearer webhook-token-Hk2w');
    await fireEvent.change(screen.getByTestId('conn-provider'), { target: { value: 'minio' } });
    const mc = screen.getByTestId('webhook-setup-mc').textContent ?? '';
    expect(mc).toContain('mc admin config set ALIAS notify_webhook:bucketscope endpoint=http://127.0.0.1:9501/webhook/cos-gz auth_token=webhook-token-Hk2w');
    expect(mc).toContain('mc event add ALIAS/BUCKET arn:minio:sqs::bucketscope:webhook --event put,delete');
    // Other choices hide it.
    await user.selectOptions(screen.getByTestId('conn-event-source'), 'minio-listen');
    expect(screen.queryByTestId('webhook-setup')).toBeNull();
  });

  it('for a new connection says the URL comes after saving, and says when the receiver is down', async () => {
    const user = userEvent.setup();
    const env = await setup();
    const status = await env.api.server.status();
    env.app.server = status;
    await user.selectOptions(screen.getByTestId('conn-event-source'), 'webhook');
    expect(screen.getByTestId('webhook-setup-pending')).toHaveTextContent('shown once it is saved');
    expect(screen.queryByTestId('webhook-setup-url')).toBeNull();
    env.app.server = { ...status, webhook: { running: false, baseUrl: '', endpoint: '', tokenHint: '', error: 'Webhook receiver failed to start: EACCES' } };
    await waitFor(() => expect(screen.getByTestId('webhook-setup-error')).toHaveTextContent('EACCES'));
  });
});
