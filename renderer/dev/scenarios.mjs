// Screens the preview script photographs, in order (each starts where the previous left off).

/** Opens a bucket, then each folder in turn (by its row's folder link). */
async function openFolder(page, bucket, ...folders) {
  await page.click(`[data-testid="bucket-item"][data-bucket="${bucket}"]`);
  for (const f of folders) await page.click(`[data-testid="folder-link"] >> text=${f}/`);
}

export default {
  async '01-browser'(page) {
    await openFolder(page, 'photos', 'albums', '2026');
    await page.click('[data-testid="object-row"][data-key="albums/2026/cat 1.jpg"]');
  },
  async '02-timeline-detail'(page) {
    await page.click('[data-testid="timeline-row"][data-kind="execution"]');
  },
  async '03-big-folder'(page) {
    await openFolder(page, 'big', 'keys');
    await page.waitForSelector('[data-testid="object-row"]');
    await page.locator('[data-testid="object-list"]').evaluate((el) => (el.scrollTop = 200000));
  },
  async '04-connection-dialog'(page) {
    await page.click('[data-testid="add-connection"]');
    await page.selectOption('[data-testid="conn-provider"]', 'minio');
    await page.fill('[data-testid="conn-name"]', 'MinIO dev');
    await page.click('[data-testid="conn-save"]');
  },
  async '05-delete-confirm'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="object-row"][data-key="albums/"]');
    await page.click('[data-testid="delete-selected"]');
  },
  async '06-transfers'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="tab-transfers"]');
  },
  async '06b-transfers-long-keys'(page) {
    // Uploads with long names next to the sample's running and failed transfers: in a narrow window the
    // columns must give way so the status and the Cancel button stay visible.
    await openFolder(page, 'photos', 'albums', '2026', 'raw');
    const names = ['IMG_20261127_102001_HDR_panorama_stitched_from_twelve_frames_final_v3.dng', 'holiday-2026-portugal-lisbon-alfama-sunset-over-the-tagus-river-from-the-miradouro.jpg', 'a.txt'];
    await page.setInputFiles('[data-testid="upload-input"]', names.map((name, i) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(1000 * (i + 1) ** 3) })));
    await page.click('[data-testid="tab-transfers"]');
    await page.waitForSelector('[data-testid="transfer-row"][data-state="done"] >> nth=3');
  },
};

export const more = {
  async '07-triggers'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="bucket-tab-triggers"]');
  },
  async '08-trigger-dialog'(page) {
    await page.click('[data-testid="add-trigger"]');
  },
  async '09-function'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="function-item"][data-function-id="f1"]');
    await page.click('[data-testid="function-invoke"]');
  },
  async '09b-function-code-edited'(page) {
    // An unsaved edit at the end of the handler: the marker and the enabled Save button.
    await page.click('[data-testid="code-editor"] .cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('// edited\n');
    await page.evaluate(() => document.activeElement?.blur());
  },
  async '09c-new-function'(page) {
    await page.click('[data-testid="add-function"]');
    await page.fill('[data-testid="function-name"]', 'resize');
  },
  async '10-problems'(page) {
    await page.click('[data-testid="tab-problems"]');
  },
  async '11-settings'(page) {
    await page.click('[data-testid="open-settings"]');
  },
  async '12-empty-bucket'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="bucket-item"][data-bucket="thumbs"]');
    await page.click('[data-testid="tab-timeline"]');
  },
};

export const local = {
  async '13-local-server'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="connection-item"][data-connection-id="local"]');
    await page.click('[data-testid="connection-item"][data-connection-id="local"]');
  },
  async '14-copy-dialog'(page) {
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="object-row"][data-key="README.txt"]');
    await page.click('[data-testid="copy-object"]');
  },
};

export const versions = {
  async '15-show-versions'(page) {
    await page.keyboard.press('Escape');
    await openFolder(page, 'photos', 'albums', '2026');
    await page.click('[data-testid="object-row"][data-key="albums/2026/dog.png"]');
    await page.keyboard.press('Delete');
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForTimeout(300);
    await page.click('[data-testid="toggle-versions"]');
    await page.waitForTimeout(300);
    await page.locator('[data-testid="object-row"][data-kind="version"]').first().click();
  },
  async '16-multi-select'(page) {
    await page.click('[data-testid="toggle-versions"]');
    await openFolder(page, 'logs', '2026', '11');
    await page.locator('[data-testid="object-row"]').nth(1).click();
    await page.locator('[data-testid="object-row"]').nth(4).click({ modifiers: ['Shift'] });
    await page.locator('[data-testid="object-row"]').nth(7).click({ modifiers: ['Control'] });
  },
};

export const errors = {
  async '17-unreachable'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="connection-item"][data-connection-id="cos-gz"]');
    await page.waitForTimeout(300);
  },
  async '18-edit-connection'(page) {
    await page.hover('[data-testid="connection-item"][data-connection-id="aws-prod"]');
    await page.locator('[data-testid="edit-connection"]').first().click();
    await page.fill('[data-testid="conn-endpoint"]', 'https://unreachable.example.com');
    await page.click('[data-testid="conn-test"]');
  },
};

export const menus = {
  async '19-context-menu'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="connection-item"][data-connection-id="local"]');
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="object-row"][data-key="README.txt"]', { button: 'right' });
  },
};

export const dialogs = {
  async '20-create-bucket'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="create-bucket"]');
    await page.fill('[data-testid="create-bucket-dialog-name"]', 'Bad_Name');
  },
  async '21-new-folder'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="new-folder"]');
  },
  async '22-triggers-empty'(page) {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="bucket-item"][data-bucket="thumbs"]');
    await page.click('[data-testid="bucket-tab-triggers"]');
  },
  async '23-filter-empty'(page) {
    await page.click('[data-testid="bucket-item"][data-bucket="photos"]');
    await page.click('[data-testid="bucket-tab-objects"]');
    await page.fill('[data-testid="object-filter"]', 'zzz');
  },
  async '24-webhook-connection'(page) {
    await page.click('[data-testid="add-connection"]');
    await page.selectOption('[data-testid="conn-provider"]', 'minio');
    await page.selectOption('[data-testid="conn-event-source"]', 'webhook');
    await page.locator('[data-testid="webhook-setup"]').scrollIntoViewIfNeeded();
  },
};

export const details = {
  async '25-versions-list'(page) {
    await page.keyboard.press('Escape');
    await openFolder(page, 'photos', 'albums', '2026');
    await page.click('[data-testid="object-row"][data-key="albums/2026/cat 1.jpg"]');
    await page.click('[data-testid="details-versions"] > button');
    await page.locator('[data-testid="details-versions"]').scrollIntoViewIfNeeded();
  },
};
