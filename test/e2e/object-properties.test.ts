// A user changes an object's content type and metadata from the details panel: the object is copied onto itself
// (the timeline shows CopyObject and its ObjectCreated:Copy event), the body is untouched, and an edit of an
// object someone else changed meanwhile is refused with a readable reason instead of overwriting their change.
// Tags are edited as a set from their own section.
import { CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium.ts';
import { embeddedServerClient, type RunningApp, startApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { readTimeline, WorkbenchPage } from './pages/app-page.ts';

describe.skipIf(!hasChromium)('object properties on the Local server', () => {
  let run: RunningApp;
  let ui: WorkbenchPage;
  let s3: S3Client;

  beforeAll(async () => {
    run = await startApp();
    ui = new WorkbenchPage(run.page);
    s3 = await embeddedServerClient(run.app);
  });

  afterAll(async () => {
    s3?.destroy();
    await run?.close();
  });

  it('edits the content type and metadata: a self-copy with the same body, on the timeline', async () => {
    await ui.openLocal();
    await ui.createBucket('site');
    await ui.openBucket('site');
    await ui.upload([{ name: 'index.html', mimeType: 'text/plain', buffer: Buffer.from('<h1>hello</h1>') }]);
    await ui.objectRow('index.html').click();
    await eventually(() => ui.byTestId('details-content-type').innerText()).toBe('text/plain');

    await ui.byTestId('edit-properties').click();
    const dialog = ui.byTestId('properties-dialog');
    await dialog.waitFor();
    await ui.byTestId('properties-content-type').fill('text/html; charset=utf-8');
    await ui.byTestId('properties-cache-control').fill('max-age=300');
    await ui.byTestId('properties-metadata').getByRole('button', { name: 'Add' }).click();
    await ui.byTestId('properties-metadata').getByLabel('Name').last().fill('Owner');
    await ui.byTestId('properties-metadata').getByLabel('Value').last().fill('web team');
    await ui.settle();
    await run.shot('object-properties-01-dialog');
    await ui.byTestId('properties-save').click();
    await dialog.waitFor({ state: 'detached' });

    await eventually(() => ui.byTestId('details-content-type').innerText()).toBe('text/html; charset=utf-8');
    await eventually(() => ui.byTestId('details-metadata').innerText()).toMatch(/owner\s+web team/);
    // The server agrees, and the body is the one uploaded.
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(head).toMatchObject({ ContentType: 'text/html; charset=utf-8', CacheControl: 'max-age=300', Metadata: { owner: 'web team' } });
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }))).Body!.transformToString()).toBe('<h1>hello</h1>');

    await ui.showTimeline();
    await eventually(async () => (await readTimeline(run.page))[0]?.action).toMatch(/COPY site\/index\.html/);
    await ui.dismissToasts();
    await run.shot('object-properties-02-saved');
  });

  it('refuses to overwrite a change another client made after the dialog opened', async () => {
    await ui.byTestId('edit-properties').click();
    await ui.byTestId('properties-dialog').waitFor();
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: '<h1>new body from a script</h1>', ContentType: 'text/html' }));
    await ui.byTestId('properties-content-type').fill('text/plain');
    await ui.byTestId('properties-save').click();
    await eventually(() => ui.byTestId('properties-error').innerText()).toMatch(/index\.html changed after this dialog opened/);
    await ui.settle();
    await run.shot('object-properties-03-stale');
    await run.page.keyboard.press('Escape');
    // Behind the dialog, the details now show the script's version, ready to be edited again.
    await eventually(() => ui.byTestId('details-content-type').innerText()).toBe('text/html');
    await eventually(() => ui.objectRow('index.html').innerText()).toMatch(/31 B/);
    // The script's write stands.
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(head.ContentType).toBe('text/html');
    expect(head.ContentLength).toBe('<h1>new body from a script</h1>'.length);
  });

  it('asks before Escape drops edited properties, and drops nothing it was told to keep', async () => {
    await ui.byTestId('edit-properties').click();
    const dialog = ui.byTestId('properties-dialog');
    await dialog.waitFor();
    await ui.byTestId('properties-cache-control').fill('max-age=60');
    await run.page.keyboard.press('Escape');
    const ask = ui.byTestId('properties-discard-dialog');
    await ask.waitFor();
    await ui.byTestId('properties-discard-dialog-keep').click();
    await ask.waitFor({ state: 'detached' });
    expect(await ui.byTestId('properties-cache-control').inputValue()).toBe('max-age=60');
    await run.page.keyboard.press('Escape');
    await ui.byTestId('properties-discard-dialog-discard').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'index.html' }))).CacheControl).toBeUndefined();
  });

  it('edits the tags as a set, refusing a duplicate key before sending anything', async () => {
    await ui.byTestId('details-tags').getByRole('button').first().click();
    await eventually(() => ui.byTestId('object-tags').innerText()).toMatch(/No tags/);
    await ui.byTestId('tags-edit').click();
    const editor = ui.byTestId('tags-editor');
    for (const [k, v] of [['env', 'prod'], ['team', 'web']]) {
      await editor.getByRole('button', { name: 'Add' }).click();
      await editor.getByLabel('Tag key').last().fill(k!);
      await editor.getByLabel('Tag value').last().fill(v!);
    }
    await editor.getByRole('button', { name: 'Add' }).click();
    await editor.getByLabel('Tag key').last().fill('env');
    await eventually(() => ui.byTestId('object-tags').getByRole('alert').innerText()).toBe('Each key may appear only once.');
    expect(await ui.byTestId('tags-save').isDisabled()).toBe(true);
    await editor.getByRole('button', { name: 'Remove env' }).last().click();
    await ui.byTestId('tags-save').click();
    await eventually(() => ui.byTestId('tag-chip').allInnerTexts()).toEqual([expect.stringMatching(/^env\s*prod$/), expect.stringMatching(/^team\s*web$/)]);
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(tagging.TagSet).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'web' },
    ]);
    await ui.dismissToasts();
    await run.shot('object-properties-04-tags');
  });

  it('previews the object as text, and a JSON document indented', async () => {
    await ui.byTestId('details-preview').getByRole('button').first().click();
    await eventually(() => ui.byTestId('preview-text').innerText()).toBe('<h1>new body from a script</h1>');
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'data.json', Body: '{"items":[1,2],"ok":true}', ContentType: 'application/json' }));
    await ui.byTestId('refresh-objects').click();
    await ui.objectRow('data.json').click();
    await eventually(() => ui.byTestId('details-name').innerText()).toBe('data.json');
    await eventually(() => ui.byTestId('preview-text').innerText()).toBe('{\n  "items": [\n    1,\n    2\n  ],\n  "ok": true\n}');
    await ui.dismissToasts();
    await run.shot('object-properties-05-preview');
  });

  it('copies a one-hour share link from the context menu', async () => {
    await run.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await ui.objectRow('data.json').click({ button: 'right' });
    await ui.byTestId('menu-share-link').click();
    type Clip = { navigator: { clipboard: { readText(): Promise<string> } } };
    const read = () => run.page.evaluate(() => (globalThis as unknown as Clip).navigator.clipboard.readText());
    await eventually(read).toMatch(/\/site\/data\.json\?.*X-Amz-Expires=3600/);
    const res = await fetch(await read());
    expect(await res.text()).toBe('{"items":[1,2],"ok":true}');
  });

  it("lists the bucket's incomplete multipart uploads and aborts them after a confirmation", async () => {
    for (const key of ['big/backup.tar', 'video.mp4']) await s3.send(new CreateMultipartUploadCommand({ Bucket: 'site', Key: key }));
    await ui.openBucket('site');
    const section = ui.byTestId('details-incomplete-uploads');
    await section.getByRole('button').first().click();
    await eventually(() => ui.byTestId('incomplete-count').innerText()).toBe('2 uploads');
    await ui.byTestId('abort-all-uploads').click();
    await ui.byTestId('confirm-dialog').waitFor();
    expect(await ui.byTestId('confirm-items').innerText()).toMatch(/big\/backup\.tar[\s\S]*video\.mp4/);
    await ui.byTestId('confirm-ok').click();
    await eventually(() => ui.byTestId('incomplete-uploads').innerText()).toMatch(/^None/);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'site' }))).Uploads ?? []).toEqual([]);
    await ui.showTimeline();
    await eventually(async () => (await readTimeline(run.page)).slice(0, 2).map((g) => g.action)).toEqual([expect.stringMatching(/video\.mp4/), expect.stringMatching(/big\/backup\.tar/)]);
    await ui.dismissToasts();
    await run.shot('object-properties-06-incomplete-uploads');
  });

  it('finds an object deep in the folder tree with the flat view and the filter', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'assets/img/2026/logo-dark.svg', Body: '<svg/>' }));
    await ui.byTestId('refresh-objects').click();
    await ui.objectRow('assets/').waitFor();
    await ui.byTestId('object-filter').fill('logo');
    await eventually(() => ui.byTestId('object-row').count()).toBe(0);
    await ui.byTestId('toggle-flat').click();
    await eventually(() => ui.byTestId('object-row').allInnerTexts()).toEqual([expect.stringMatching(/^assets\/img\/2026\/\s*logo-dark\.svg/)]);
    await ui.byTestId('object-row').first().click();
    await eventually(() => ui.byTestId('details-key').innerText()).toBe('assets/img/2026/logo-dark.svg');
    await ui.dismissToasts();
    await run.shot('object-properties-07-flat-search');
  });

  it('shows versioning another client turned on once the list is refreshed with F5', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'archive' }));
    await s3.send(new PutObjectCommand({ Bucket: 'archive', Key: 'a.txt', Body: 'one' }));
    // Made by the SDK: the sidebar lists it after a refresh.
    await ui.byTestId('refresh-buckets').click();
    await ui.openBucket('archive');
    await eventually(() => ui.byTestId('versioning-state').innerText()).toBe('Unversioned');
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'archive', VersioningConfiguration: { Status: 'Enabled' } }));
    await ui.byTestId('object-list').focus();
    await run.page.keyboard.press('F5');
    // It stayed 'Unversioned' (and uploads warned of overwrites) until the bucket was opened again.
    await eventually(() => ui.byTestId('versioning-state').innerText()).toBe('Enabled');
    await ui.byTestId('versioning-badge').waitFor();
    await ui.byTestId('toggle-versions').waitFor();
  });
});
