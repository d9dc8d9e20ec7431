// Panel sizes, open/closed panels, the bottom tab and the theme, kept across restarts in localStorage.
export type Theme = 'system' | 'light' | 'dark';
export type BottomTab = 'timeline' | 'transfers' | 'problems';

interface Persisted {
  sidebarWidth: number;
  detailsWidth: number;
  bottomHeight: number;
  detailsOpen: boolean;
  bottomOpen: boolean;
  bottomTab: BottomTab;
  theme: Theme;
  timelineDetailWidth: number;
}

const KEY = 'bucketscope.layout.v1';
const DEFAULTS: Persisted = {
  sidebarWidth: 240,
  detailsWidth: 320,
  bottomHeight: 240,
  detailsOpen: true,
  bottomOpen: true,
  bottomTab: 'timeline',
  theme: 'system',
  timelineDetailWidth: 420,
};

/**
 * The bottom panel's first height, before the user has sized it: 240 px, or less in a short window (about a
 * third of it), so a 600 px tall window still shows the object list a few rows deep.
 */
export function defaultBottomHeight(windowHeight: number | undefined): number {
  if (!windowHeight || !Number.isFinite(windowHeight)) return DEFAULTS.bottomHeight;
  return Math.round(Math.min(DEFAULTS.bottomHeight, Math.max(140, windowHeight * 0.3)));
}

export class LayoutState {
  sidebarWidth = $state(DEFAULTS.sidebarWidth);
  detailsWidth = $state(DEFAULTS.detailsWidth);
  bottomHeight = $state(DEFAULTS.bottomHeight);
  detailsOpen = $state(DEFAULTS.detailsOpen);
  bottomOpen = $state(DEFAULTS.bottomOpen);
  bottomTab = $state<BottomTab>(DEFAULTS.bottomTab);
  theme = $state<Theme>(DEFAULTS.theme);
  timelineDetailWidth = $state(DEFAULTS.timelineDetailWidth);

  #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    this.bottomHeight = defaultBottomHeight(globalThis.innerHeight);
    try {
      const raw = storage?.getItem(KEY);
      if (raw) Object.assign(this, sanitize(JSON.parse(raw) as Partial<Persisted>));
    } catch {
      /* corrupt or unavailable storage: keep the defaults */
    }
  }

  save(): void {
    const data: Persisted = {
      sidebarWidth: this.sidebarWidth,
      detailsWidth: this.detailsWidth,
      bottomHeight: this.bottomHeight,
      detailsOpen: this.detailsOpen,
      bottomOpen: this.bottomOpen,
      bottomTab: this.bottomTab,
      theme: this.theme,
      timelineDetailWidth: this.timelineDetailWidth,
    };
    try {
      this.#storage?.setItem(KEY, JSON.stringify(data));
    } catch {
      /* quota or privacy mode: sizes just are not remembered */
    }
  }
}

function sanitize(p: Partial<Persisted>): Partial<Persisted> {
  const out: Partial<Persisted> = {};
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined);
  const set = <K extends keyof Persisted>(k: K, v: Persisted[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('sidebarWidth', num(p.sidebarWidth, 160, 520));
  set('detailsWidth', num(p.detailsWidth, 220, 720));
  set('bottomHeight', num(p.bottomHeight, 80, 900));
  set('timelineDetailWidth', num(p.timelineDetailWidth, 240, 1000));
  if (typeof p.detailsOpen === 'boolean') out.detailsOpen = p.detailsOpen;
  if (typeof p.bottomOpen === 'boolean') out.bottomOpen = p.bottomOpen;
  if (p.bottomTab === 'timeline' || p.bottomTab === 'transfers' || p.bottomTab === 'problems') out.bottomTab = p.bottomTab;
  if (p.theme === 'system' || p.theme === 'light' || p.theme === 'dark') out.theme = p.theme;
  return out;
}
