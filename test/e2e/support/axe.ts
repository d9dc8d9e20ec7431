// Runs axe-core (https://github.com/dequelabs/axe-core) in the page and returns its serious and critical
// violations as short readable lines, so a failing test names the rule, the element and what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: AxeNode[];
}

/** `rule (impact): <element…> — what to fix` for every serious or critical violation inside `selector`. */
export async function axeViolations(page: Page, selector = 'body'): Promise<string[]> {
  // page.evaluate goes through the debugger protocol, so the app's CSP (script-src 'self') does not refuse it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(source);
  const violations = await page.evaluate(async (within) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: string, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(within, { resultTypes: ['violations'] });
    return result.violations;
  }, selector);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.html.slice(0, 160)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`));
}
