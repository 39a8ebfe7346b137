// Accounts in the browser: the sign-in page, each role's board, sign-out that leaves nothing of
// the previous person behind (online or offline), and a read-only person refused by the server.
import { test, expect, type Page } from '@playwright/test';
import { card, column, keptForOffline, quickCreate, totalCount, unique, waitSynced, showTab, signOut } from './helpers';

// These tests start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

const PASSWORD = 'rapport-demo';

async function signIn(page: Page, email: string) {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('column').first()).toBeVisible();
  await waitSynced(page);
}

async function signOutCompletely(page: Page) {
  await signOut(page);
  await expect(page).toHaveURL(/\/signin$/);
  const left = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('rapport.') && k !== 'rapport.calendar'),
  );
  expect(left, 'nothing of the person stays in the browser').toEqual([]);
}

/** The salesperson named on every card of the board ('' for an unassigned one). */
async function owners(page: Page): Promise<Set<string>> {
  const names = await page
    .getByTestId('card')
    .evaluateAll((cards) => cards.map((c) => c.querySelector('[data-testid=avatar]')?.getAttribute('title') ?? ''));
  return new Set(names);
}

test('the sign-in page lists the demo accounts and refuses a wrong password', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  const demo = page.getByTestId('demo-accounts');
  await expect(demo).toContainText('Phạm Quốc Huy');
  await page.screenshot({ path: `screenshots/signin-${testInfo.project.name}.png` });
  await expect(demo).toContainText('Sales manager');
  await expect(page.getByTestId('demo-password')).toHaveText(PASSWORD);
  await page.locator('input[name=email]').fill('huy@demo.rapport');
  await page.locator('input[name=password]').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password');
  // A demo account fills the form in one tap.
  await demo.getByRole('button', { name: /Võ Thanh Hà/ }).click();
  await expect(page.locator('input[name=email]')).toHaveValue('ha@demo.rapport');
});

test('a salesperson sees their cards, the manager the team, and after sign-out nothing stays, even offline', async ({
  page,
  context,
}) => {
  await signIn(page, 'huy@demo.rapport');
  const huys = await owners(page);
  expect([...huys].every((n) => n === 'Phạm Quốc Huy' || n === ''), [...huys].join(', ')).toBe(true);
  expect(huys.has('Phạm Quốc Huy')).toBe(true);
  const huyCount = await totalCount(page);
  // His settings are his account and the tags: no set-up he could not change.
  await showTab(page, 'settings');
  await expect(page.getByTestId('account')).toBeVisible();
  await expect(page.getByTestId('new-team')).toHaveCount(0);
  await expect(page.getByTestId('people')).toHaveCount(0);
  await expect(page.getByTestId('new-tag')).toBeVisible();
  await showTab(page, 'board');
  const secret = unique('Huy private deal');
  await quickCreate(page, 0, secret, 'Công ty Sao Mai', '12000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  await expect(card(page, secret)).toBeVisible();
  await waitSynced(page);
  await signOutCompletely(page);

  // The manager of Huy's team sees the team: Huy's new deal too, and more than Huy.
  await signIn(page, 'david@demo.rapport');
  await expect(card(page, secret)).toBeVisible();
  const team = await owners(page);
  const hcmc = ['David Tran', 'Phạm Quốc Huy', 'Sarah Lim', ''];
  expect([...team].every((n) => hcmc.includes(n)), [...team].join(', ')).toBe(true);
  expect(await totalCount(page)).toBeGreaterThan(huyCount);
  await signOutCompletely(page);

  // Someone of the other team: nothing of Huy's, online or offline.
  await signIn(page, 'khoa@demo.rapport');
  await expect(page.getByTestId('card').first()).toBeVisible();
  await expect(card(page, secret)).toHaveCount(0);
  const khoas = await owners(page);
  expect([...khoas].every((n) => n === 'Trần Minh Khoa' || n === ''), [...khoas].join(', ')).toBe(true);
  await keptForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('card').first()).toBeVisible();
  await expect(card(page, secret)).toHaveCount(0);
  const offline = await owners(page);
  expect([...offline].every((n) => n === 'Trần Minh Khoa' || n === '')).toBe(true);
  await context.setOffline(false);
});

test('a read-only person sees the pipeline and a change is refused before it is queued', async ({ page }) => {
  await signIn(page, 'ha@demo.rapport');
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('card').first()).toBeVisible();
  const title = unique('Not allowed');
  await quickCreate(page, 0, title, 'Khách', '1000000');
  await expect(column(page, 0).getByTestId('quick-create-form')).toContainText('does not allow this change');
  await expect(card(page, title)).toHaveCount(0);
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
});
