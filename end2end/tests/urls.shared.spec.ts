// Every page and record has an address: a deal opens by URL, Back and Forward walk the pages,
// a reload stays on the record, a colleague's link opens it (or says plainly they may not see
// it), a link works offline, and one followed while signed out opens after signing in.
import { expect, test, type Page } from '@playwright/test';
import { keptForOffline, openBoard, waitSynced, showTab } from './helpers';

const DEAL = /\/deals\/[0-9a-f-]{36}$/;

/** Opens the first card of the board; returns its id and title. */
async function openFirstDeal(page: Page): Promise<{ id: string; title: string }> {
  const first = page.getByTestId('card').first();
  const id = (await first.getAttribute('data-id')) ?? '';
  const title = (await first.locator('.card-title').innerText()).trim();
  await first.locator('.card-title').click();
  await expect(page).toHaveURL(new RegExp(`/deals/${id}$`));
  await expect(page.getByTestId('editor')).toBeVisible();
  return { id, title };
}

test('a deal has its own address: Back closes it, Forward and a reload open it again', async ({ page }) => {
  await openBoard(page);
  const { id, title } = await openFirstDeal(page);
  await expect(page).toHaveTitle(`${title} · Rapport`);

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('editor')).toHaveCount(0);
  await expect(page).toHaveTitle('Pipeline · Rapport');

  await page.goForward();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(title);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/deals/${id}$`));
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(title);
  await expect(page.getByTestId('column').first()).toBeVisible();

  // Closing a deal opened by its address leaves the board under it.
  await page.getByTestId('editor').locator('button.close').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('editor')).toHaveCount(0);
});

test('pages have addresses: Back walks list, contacts and a contact; a reload stays', async ({ page }, testInfo) => {
  await openBoard(page);
  await showTab(page, 'list');
  await expect(page).toHaveURL(/\/list$/);
  await expect(page.getByTestId('row').first()).toBeVisible();

  // A deal opened from the list closes back onto the list.
  await page.getByTestId('row').first().click();
  await expect(page).toHaveURL(DEAL);
  await page.getByTestId('editor').locator('button.close').click();
  await expect(page).toHaveURL(/\/list$/);
  await expect(page.getByTestId('row').first()).toBeVisible();

  await showTab(page, 'contacts');
  await expect(page).toHaveURL(/\/contacts$/);
  const row = page.getByTestId('contact-row').first();
  const name = (await row.locator('.row-title').innerText()).trim();
  await row.click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page).toHaveTitle(`${name} · Rapport`);
  await page.reload();
  const detail = page.getByTestId('detail');
  await expect(detail).toContainText(name);
  // The deal page's layout: the details beside the activities and timeline (below on a phone).
  const details = (await detail.locator('.deal-details').boundingBox())!;
  const side = (await detail.locator('.deal-side').boundingBox())!;
  if (page.viewportSize()!.width > 900) expect(side.x).toBeGreaterThan(details.x + details.width - 1);
  else expect(side.y).toBeGreaterThan(details.y + details.height - 1);
  await expect(detail.getByTestId('timeline')).toBeVisible();
  await page.screenshot({ path: `screenshots/contact-by-address-${testInfo.project.name}.png` });

  await page.goBack();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByTestId('detail')).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(/\/list$/);
  await expect(page.getByTestId('show-list')).toHaveClass(/on/);

  await page.goto('/dashboard');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page).toHaveTitle('Dashboard · Rapport');
  await page.goto('/settings');
  await expect(page.getByTestId('settings')).toBeVisible();
  await page.goto('/no-such-page');
  await expect(page.getByTestId('no-page')).toBeVisible();
});

test('a link to a deal someone may not see says so plainly', async ({ page, browser }) => {
  await openBoard(page);
  // A deal of Huy's (HCMC): Khoa, in Hanoi, may not see it.
  const huys = page.getByTestId('card').filter({ has: page.locator('[data-testid=avatar][title="Phạm Quốc Huy"]') }).first();
  const id = await huys.getAttribute('data-id');
  const khoa = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await khoa.newPage();
  await other.goto(`/deals/${id}`);
  await expect(other).toHaveURL(/\/signin\?next=/);
  await other.locator('input[name=email]').fill('khoa@demo.rapport');
  await other.locator('input[name=password]').fill('rapport-demo');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other).toHaveURL(new RegExp(`/deals/${id}$`));
  await waitSynced(other);
  await expect(other.getByTestId('missing')).toHaveText('This record does not exist, or you may not see it.');
  await other.screenshot({ path: `screenshots/deal-not-in-sight-${test.info().project.name}.png` });
  await other.getByTestId('editor-close').click();
  await expect(other).toHaveURL(/\/$/);
  await expect(other.getByTestId('column').first()).toBeVisible();
  await khoa.close();
});

test('a link followed while signed out opens the deal once signed in', async ({ page, browser }) => {
  await openBoard(page);
  const { id, title } = await openFirstDeal(page);
  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const colleague = await fresh.newPage();
  await colleague.goto(`/deals/${id}`);
  await expect(colleague).toHaveURL(new RegExp(`/signin\\?next=%2Fdeals%2F|/signin\\?next=/deals/`));
  await colleague.locator('input[name=email]').fill('trang@demo.rapport');
  await colleague.locator('input[name=password]').fill('rapport-demo');
  await colleague.getByRole('button', { name: 'Sign in' }).click();
  await expect(colleague).toHaveURL(new RegExp(`/deals/${id}$`));
  await expect(colleague.getByTestId('editor').locator('input[name=title]')).toHaveValue(title);
  await fresh.close();
});

test('a link to a deal opens offline, from the service worker and the browser copy', async ({ page, context }) => {
  await openBoard(page);
  await keptForOffline(page);
  await waitSynced(page);
  const card = page.getByTestId('card').nth(1);
  const id = await card.getAttribute('data-id');
  const title = (await card.locator('.card-title').innerText()).trim();

  await context.setOffline(true);
  await page.goto(`/deals/${id}`);
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(title);
  await expect(page.getByTestId('sync-status')).toContainText('Offline');
  await page.goto('/contacts');
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  // Pages never opened online: their pieces of the app were kept by the service worker.
  await page.goto('/dashboard');
  await expect(page.getByTestId('dashboard-period')).toBeVisible();
  await page.goto('/settings/stages');
  await expect(page.locator('#section-stages')).toBeVisible();
  await context.setOffline(false);
});

test('a page whose piece of the app was never kept says so offline, and opens once online', async ({ browser }) => {
  // A browser that keeps nothing for offline use (service workers blocked), opened once online.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await openBoard(page);
  await waitSynced(page);
  await context.setOffline(true);
  await showTab(page, 'settings');
  const failed = page.getByTestId('page-failed');
  await expect(failed).toContainText('This page is not on this device yet');
  await context.setOffline(false);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('#section-stages')).toBeVisible();
  await expect(failed).toHaveCount(0);
  await context.close();
});

test("filters and sections are in the address: a team's pipeline, the dashboard's period, a settings section", async ({ page, browser }, testInfo) => {
  await openBoard(page);
  const switcher = page.getByTestId('team-switcher');
  const team = await switcher.locator('option').nth(1).getAttribute('value');
  await switcher.selectOption(team ?? '');
  await expect(page).toHaveURL(new RegExp(`/\\?team=${team}$`));
  await showTab(page, 'list');
  await expect(page).toHaveURL(new RegExp(`/list\\?team=${team}$`));
  const link = page.url();

  // A colleague opening the link sees that team's list, whatever their browser chose before.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto(link);
  await expect(colleague.getByTestId('team-switcher')).toHaveValue(team ?? '');
  await expect(colleague.getByTestId('row').first()).toBeVisible();
  await other.close();

  await showTab(page, 'dashboard');
  await expect(page).toHaveURL(new RegExp(`/dashboard\\?team=${team}$`));
  await page.getByTestId('dashboard-period').selectOption('year');
  await expect(page).toHaveURL(/period=year/);
  await page.reload();
  await expect(page.getByTestId('dashboard-period')).toHaveValue('year');
  await expect(page.getByTestId('team-switcher')).toHaveValue(team ?? '');

  await page.goto('/settings/lost-reasons');
  await expect(page.locator('#section-lost-reasons')).toBeInViewport();
  await page.getByTestId('section-link-stages').click();
  await expect(page).toHaveURL(/\/settings\/stages$/);
  await expect(page.locator('#section-stages')).toBeInViewport();
  await page.screenshot({ path: `screenshots/settings-section-${testInfo.project.name}.png` });
});
