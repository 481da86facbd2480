import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations } from '../support/screenshots.js';

/*
 * A modal hides the page behind it from screen readers and the keyboard: the app's root is
 * inert while a dialog is open (components/modal-stack.ts), as Chromium's accessibility tree
 * shows, focus stays in the dialog and goes back to the button that opened it.
 */

const { baseURL, fixtures, token } = readEnvironment();
test.use({ baseURL });

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

/** The links Chromium exposes to assistive technology now (ignored nodes left out). */
async function exposedLinks(session: CDPSession): Promise<string[]> {
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  return nodes
    .filter((node) => !node.ignored && node.role?.value === 'link')
    .map((node) => String(node.name?.value ?? ''));
}

const focusInDialog = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);

test('the page behind a dialog is inert: hidden from the accessibility tree, no focus, focus returned', async ({
  page,
}) => {
  await page.goto(`/?token=${token}`);
  await expect(page).toHaveURL(`${baseURL}/`);
  await page.goto(`/images/${fixtures.images.appTwo.id}`);
  const opener = page.getByRole('button', { name: 'Add tag…' });
  await expect(opener).toBeVisible();
  const session = await page.context().newCDPSession(page);
  await session.send('Accessibility.enable');
  expect(await exposedLinks(session)).toContain('Images');

  await opener.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
  // The navigation is out of the accessibility tree while the dialog is open.
  await expect.poll(() => exposedLinks(session)).not.toContain('Images');
  await expectNoSeriousA11yViolations(page);

  // Tab and Shift+Tab go round the dialog's controls only.
  for (let step = 0; step < 6; step++) {
    await page.keyboard.press('Tab');
    expect(await focusInDialog(page)).toBe(true);
  }
  for (let step = 0; step < 6; step++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInDialog(page)).toBe(true);
  }
  // A click outside lands on the backdrop, never on the page.
  await page.mouse.click(5, 5);
  await expect(page).toHaveURL(`${baseURL}/images/${fixtures.images.appTwo.id}`);

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('#root')).not.toHaveAttribute('inert');
  await expect(opener).toBeFocused();
  await expect.poll(() => exposedLinks(session)).toContain('Images');
});
