// Page object over the Bucketscope window: what a user sees and clicks, by test id and accessible name.
import type { Locator, Page } from 'playwright-core';

export interface ConnectionForm {
  name: string;
  provider: string;
  endpoint: string;
  region?: string;
  pathStyle?: boolean;
  checksum?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  accessKey: string;
  secret: string;
}

export class AppPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  connection(name: string): Locator {
    return this.byTestId('connection-item').filter({ hasText: name });
  }

  bucket(name: string): Locator {
    return this.page.locator(`[data-testid="bucket-item"][data-bucket="${name}"]`);
  }

  objectRow(name: string): Locator {
    return this.byTestId('object-row').filter({ hasText: name });
  }

  breadcrumb(name: string): Locator {
    return this.byTestId('breadcrumb').filter({ hasText: name });
  }

  async fillConnection(form: ConnectionForm): Promise<void> {
    await this.byTestId('add-connection').click();
    await this.byTestId('conn-provider').selectOption(form.provider);
    await this.byTestId('conn-name').fill(form.name);
    await this.byTestId('conn-endpoint').fill(form.endpoint);
    if (form.region !== undefined) await this.byTestId('conn-region').fill(form.region);
    if (form.pathStyle !== undefined) await this.byTestId('conn-path-style').setChecked(form.pathStyle);
    if (form.checksum !== undefined) await this.byTestId('conn-checksum').selectOption(form.checksum);
    await this.byTestId('conn-access-key').fill(form.accessKey);
    await this.byTestId('conn-secret').fill(form.secret);
  }

  async createBucket(name: string): Promise<void> {
    await this.byTestId('create-bucket').click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(name);
    await dialog.getByRole('button', { name: /create/i }).click();
    await this.bucket(name).waitFor();
  }
}
