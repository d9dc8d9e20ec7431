// Every text colour of both themes reads at WCAG AA (4.5:1 for text under 18 px, which is all of this window's
// text) on every surface it is drawn on: the window, sidebar, panels, dialogs, code blocks, selected rows and
// the soft status chips, and white on filled buttons. Screenshots showed the dark theme's faint times, links
// and danger notes at about 3:1 on a selected row and white on the primary button at 3.7:1.
// https://www.w3.org/WAI/WCAG22/Understanding/contrast-minimum.html
import { describe, expect, it } from 'vitest';

// The stylesheet's text. Vitest hands CSS imports (even `?raw`) to the test as empty strings, so it is read
// from disk; this project type-checks as browser code (no Node types), hence the narrow type for node:fs.
// Tests run with the repository as the working directory (vitest.config.ts sits there).
type ReadFile = (path: string, encoding: 'utf8') => string;
const { readFileSync } = (await import(/* @vite-ignore */ 'node:fs' as string)) as { readFileSync: ReadFile };
const css = readFileSync('renderer/src/lib/theme.css', 'utf8');

function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`theme.css has no ${selector} block`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const light = variables(':root');
const themes = { light, dark: { ...light, ...variables(":root[data-theme='dark']") } };

type Rgba = [number, number, number, number];

function parse(colour: string): Rgba {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)).concat(1) as Rgba;
  const rgba = /^rgba\(([\d.]+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)\)$/.exec(colour);
  if (rgba) return rgba.slice(1).map(Number) as Rgba;
  throw new Error(`Cannot read the colour ${colour}`);
}

/** A translucent colour as it shows over an opaque one. */
function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = ['text', 'text-muted', 'text-faint', 'accent', 'success', 'danger', 'warning', 'running', 'missing'];
const SURFACES = ['bg', 'bg-sidebar', 'bg-panel', 'bg-elevated', 'bg-code', 'bg-selected', 'bg-selected-muted'];

describe.each(Object.entries(themes))('%s theme contrast', (_name, theme) => {
  const colour = (name: string) => {
    const value = theme[name];
    if (!value) throw new Error(`--${name} is not defined`);
    return parse(value);
  };
  const surface = (name: string) => over(colour(name), colour('bg'));

  it('every text colour on every surface, selected rows included', () => {
    const low = TEXT.flatMap((fg) => SURFACES.map((bg) => ({ pair: `--${fg} on --${bg}`, ratio: contrast(colour(fg), surface(bg)) }))).filter((p) => p.ratio < 4.5);
    expect(low.map((p) => `${p.pair}: ${p.ratio.toFixed(2)}`)).toEqual([]);
  });

  it('status text on its own soft chip', () => {
    const chips = [['accent', 'accent-soft'], ['danger', 'danger-soft'], ['warning', 'warning-soft']] as const;
    const low = chips.map(([fg, bg]) => ({ pair: `--${fg} on --${bg}`, ratio: contrast(colour(fg), over(colour(bg), colour('bg'))) })).filter((p) => p.ratio < 4.5);
    expect(low.map((p) => `${p.pair}: ${p.ratio.toFixed(2)}`)).toEqual([]);
  });

  it('white text on filled buttons and highlighted menu items, hovered or not', () => {
    for (const fill of ['accent-fill', 'accent-fill-hover', 'danger-fill', 'danger-fill-hover']) {
      expect(contrast(colour('accent-text'), colour(fill)), fill).toBeGreaterThanOrEqual(4.5);
    }
  });
});
