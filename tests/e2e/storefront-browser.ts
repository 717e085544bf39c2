/// <reference lib="dom" />
// Browser helpers for the storefront's end-to-end test: Debian's chromium driven by
// playwright-core, axe-core injected into pages, keyboard-only focus walking, screenshots.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '@shopgraph/testing';

/** Where the screenshots go (test artifacts). */
export const SHOTS = path.join(ROOT, '.data/test-results/storefront');

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium (scripts/toolchain.sh installs it). */
export function launchChromium(): Promise<Browser> {
  // --no-sandbox: tests run as root here, and Chromium's sandbox refuses root.
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/** axe-core's WCAG 2.x A/AA rules on the page as it is; only serious and critical findings. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** What has keyboard focus: tag, accessible-ish name, and whether its focus ring shows. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: (label ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
      type: el.getAttribute('type'),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });
}

/** Presses Tab until the focused element's name matches, at most `max` times; fails otherwise. */
export async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && name.test(f.name)) {
      if (!f.ring) throw new Error(`focus on "${f.name}" shows no focus ring`);
      return;
    }
  }
  throw new Error(`Tab never reached ${name}`);
}

/** True when the page is wider than the viewport (a layout break). */
export const overflows = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
