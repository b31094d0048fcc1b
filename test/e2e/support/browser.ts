import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getConfig } from '../../../config';

/** Where screenshots and the accessibility tally go (git-ignored). */
export const E2E_OUT_DIR = path.join(__dirname, '..', '..', '..', 'out', 'e2e');

/** Flags for a headless Debian Chromium in a container with no network beyond loopback. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
  '--mute-audio',
];

/** Debian's Chromium through playwright-core (no browser download); `extraArgs` e.g. host mapping. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: getConfig().CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
}

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP allows it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as { axe: { run: (...args: unknown[]) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  }, WCAG_TAGS);
}

/** Desktop and phone viewports every step is checked at. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** What one journey checked: axe runs, violations, screenshots. */
export interface JourneyTally {
  journey: string;
  axeRuns: number;
  violations: number;
  screenshots: string[];
}

/**
 * A browser journey's checkpoints. `step(name)` checks the page as it is now, at desktop width and
 * again at 375 px: axe-core must report no WCAG 2.1 A/AA violation, the phone view must not scroll
 * sideways, and a full-page screenshot of each is saved under out/e2e/<journey>/.
 */
export class Journey {
  private count = 0;
  readonly tally: JourneyTally;
  private readonly dir: string;

  constructor(name: string) {
    this.dir = path.join(E2E_OUT_DIR, name);
    mkdirSync(this.dir, { recursive: true });
    this.tally = { journey: name, axeRuns: 0, violations: 0, screenshots: [] };
  }

  async step(page: Page, name: string): Promise<void> {
    this.count += 1;
    const base = `${String(this.count).padStart(2, '0')}-${name}`;
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['375px', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      const violations = await axeViolations(page);
      this.tally.axeRuns += 1;
      this.tally.violations += violations.length;
      if (violations.length > 0) {
        throw new Error(`axe-core at ${base} (${label}): ${JSON.stringify(violations, null, 2)}`);
      }
      if (label === '375px') {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) throw new Error(`${base} scrolls sideways at 375 px by ${overflow} px`);
      }
      const file = path.join(this.dir, `${base}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      this.tally.screenshots.push(path.relative(E2E_OUT_DIR, file));
    }
    await page.setViewportSize(DESKTOP);
  }

  /** Writes the tally beside the screenshots (out/e2e/<journey>/tally.json). */
  save(): void {
    writeFileSync(path.join(this.dir, 'tally.json'), `${JSON.stringify(this.tally, null, 2)}\n`);
  }
}

/**
 * Waits until the page's status line (`#message`) says `expected`, and fails with what it says
 * instead when it never does, so a failed build or a refused request reads as such rather than as
 * a time-out.
 */
export async function messageSays(
  page: Page,
  expected: string | RegExp,
  timeoutMs = 120_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = ((await page.locator('#message').textContent()) ?? '').trim();
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`#message never said ${String(expected)} in ${timeoutMs} ms; it says "${last}"`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
