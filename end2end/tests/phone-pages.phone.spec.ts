// Every page on a phone, at 390×844 and at 360×740, in English and in Persian: a compact header,
// navigation that reaches every page, the language and calendar pickers in the account menu, and
// nothing wider than the screen but the board's columns. A screenshot of each page and size is
// kept in screenshots/phone-<page>-<width>[-fa].png.
import { expect, type Page, test } from '@playwright/test';
import { openIn, showTab } from './helpers';

// Each tab and what its page shows once drawn (the pages past the board load their piece of the
// app on first use).
const pages = [
  { name: 'board', drawn: 'column' },
  { name: 'list', drawn: 'list' },
  { name: 'leads', drawn: 'lead' },
  { name: 'activities', drawn: 'my-activities' },
  { name: 'contacts', drawn: 'contacts' },
  { name: 'dashboard', drawn: 'kpi-open' },
  { name: 'settings', drawn: 'settings' },
];
// Pages with no tab of their own, by address.
const reached = [
  { address: '/companies', drawn: 'company-row', shot: 'companies' },
  { address: '/contacts', drawn: 'contact-row', shot: 'contact' },
  { address: '/companies', drawn: 'company-row', shot: 'company' },
  { address: '/activities?cal=month', drawn: 'activity-calendar', shot: 'calendar' },
  { address: '/import', drawn: 'import', shot: 'import' },
  { address: '/duplicates', drawn: 'cluster, duplicates-none', shot: 'duplicates' },
];
const sizes = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];
const languages = [
  { tag: 'en', online: 'Up to date', suffix: '' },
  { tag: 'fa', online: 'به‌روز', suffix: '-fa' },
];

/** Nothing on the page reaches past the screen's edge (the board scrolls its columns inside). */
async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const size of sizes) {
  for (const lang of languages) {
    test(`every page at ${size.width}×${size.height} in ${lang.tag}`, async ({ page }) => {
      await page.setViewportSize(size);
      await openIn(page, lang.tag, lang.online);
      // A compact header: one row, the pickers out of it.
      const header = await page.locator('header.topbar').boundingBox();
      expect(header?.height).toBeLessThanOrEqual(60);
      await expect(page.getByTestId('language')).toBeHidden();
      await expect(page.getByTestId('calendar')).toBeHidden();
      for (const { name, drawn } of pages) {
        await showTab(page, name);
        await expect(page.getByTestId(drawn).first()).toBeVisible();
        await expect(page.getByTestId(`show-${name}`)).toHaveAttribute('aria-current', 'page');
        await fitsTheScreen(page);
        await page.screenshot({ path: `screenshots/phone-${name}-${size.width}${lang.suffix}.png` });
      }
      // The navigation stays on screen at the bottom, every tab inside the screen when shown.
      const nav = await page.locator('nav.view-switch').boundingBox();
      expect(nav!.y + nav!.height).toBeLessThanOrEqual(size.height);
      expect(nav!.y).toBeGreaterThan(size.height / 2);
      // The pickers are in the account menu.
      await page.getByTestId('account-button').click();
      await expect(page.getByTestId('language')).toBeVisible();
      if (lang.tag === 'fa') await expect(page.getByTestId('calendar')).toBeVisible();
      await expect(page.getByTestId('sign-out')).toBeVisible();
      await page.screenshot({ path: `screenshots/phone-account-${size.width}${lang.suffix}.png` });
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('language')).toBeHidden();
      // A deal's page and a contact's page.
      await showTab(page, 'board');
      await page.getByTestId('card').first().locator('.card-title').click();
      await expect(page.getByTestId('editor')).toBeVisible();
      await expect(page.getByTestId('timeline')).toBeVisible();
      await fitsTheScreen(page);
      await page.screenshot({ path: `screenshots/phone-deal-${size.width}${lang.suffix}.png` });
      // The pages reached from others, by their addresses: the companies, a contact's and a
      // company's page, the month calendar, importing a file, possible duplicates.
      for (const { address, drawn, shot } of reached) {
        await page.goto(address);
        const shown = drawn.split(', ').map((id) => `[data-testid="${id}"]`).join(', ');
        await expect(page.locator(shown).first()).toBeVisible();
        if (shot === 'contact' || shot === 'company') {
          await page.getByTestId(`${shot}-row`).first().click();
          await expect(page.getByTestId('detail').getByTestId('timeline')).toBeVisible();
        }
        await fitsTheScreen(page);
        await page.screenshot({ path: `screenshots/phone-${shot}-${size.width}${lang.suffix}.png` });
      }
    });
  }
}
