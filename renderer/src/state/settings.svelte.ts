// App settings live in main (validated and persisted there); this mirrors them and follows `settings` pushes.
import type { ApiClient } from '../api/index.ts';
import type { AppSettings, SettingsPatch, SettingsView } from '../../../electron/shared/settings.ts';

export class SettingsState {
  view = $state.raw<SettingsView | undefined>();
  /** Called whenever the settings change, wherever from (this window, another one, a reset). */
  onChange: ((s: AppSettings) => void) | undefined;

  #api: ApiClient;
  #off: (() => void) | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async start(): Promise<void> {
    this.#off = this.#api.onEvent((e) => {
      if (e.name !== 'settings') return;
      if (this.view) this.view = { ...this.view, settings: e.payload };
      this.onChange?.(e.payload);
    });
    await this.load();
  }

  dispose(): void {
    this.#off?.();
  }

  async load(): Promise<void> {
    this.view = await this.#api.settings.get();
    this.onChange?.(this.view.settings);
  }

  async update(patch: SettingsPatch): Promise<SettingsView> {
    this.view = await this.#api.settings.update(patch);
    this.onChange?.(this.view.settings);
    return this.view;
  }

  async reset(): Promise<SettingsView> {
    this.view = await this.#api.settings.reset();
    this.onChange?.(this.view.settings);
    return this.view;
  }
}
