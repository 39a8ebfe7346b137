// An admin manages people in Settings: adds someone who then signs in, changes their password
// themselves, and is shut out at once when deactivated.
import { test, expect } from '@playwright/test';
import { openBoard, unique, waitSynced, showTab, signOut } from './helpers';

test('an admin adds a person, who signs in and changes their password, and is then deactivated', async ({
  page,
  browser,
}) => {
  await openBoard(page);
  await showTab(page, 'settings');
  const people = page.getByTestId('people');
  await expect(people.getByTestId('person-row').first()).toBeVisible();
  const email = `${unique('tuan').replace(/\s+/g, '-').toLowerCase()}@example.vn`;
  const form = people.getByTestId('new-person');
  await form.locator('input[name=person-name]').fill('Đỗ Minh Tuấn');
  await form.locator('input[name=person-email]').fill(email);
  await form.locator('select[name=role]').selectOption('salesperson');
  await form.locator('input[name=person-password]').fill('short');
  await form.getByRole('button', { name: 'Add person' }).click();
  await expect(people.getByTestId('form-error')).toContainText('at least 10 characters');
  await form.locator('input[name=person-password]').fill('tuan first password');
  await form.getByRole('button', { name: 'Add person' }).click();
  const row = people.locator(`[data-testid=person-row][data-email="${email}"]`);
  await expect(row).toBeVisible();

  // Tuấn signs in on his own browser.
  const his = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const tuan = await his.newPage();
  await tuan.goto('/');
  await expect(tuan).toHaveURL(/\/signin$/);
  await tuan.locator('input[name=email]').fill(email);
  await tuan.locator('input[name=password]').fill('tuan first password');
  await tuan.getByRole('button', { name: 'Sign in' }).click();
  await expect(tuan.getByTestId('signed-in-as')).toContainText('Đỗ Minh Tuấn');
  await waitSynced(tuan);

  // He changes his password; the new one signs him in.
  await showTab(tuan, 'settings');
  const account = tuan.getByTestId('account');
  await account.locator('input[name=current-password]').fill('tuan first password');
  await account.locator('input[name=new-password]').fill('tuan second password');
  await account.getByRole('button', { name: 'Change password' }).click();
  await expect(account.getByRole('status')).toHaveText('Password changed');
  await signOut(tuan);
  await expect(tuan).toHaveURL(/\/signin$/);
  await tuan.locator('input[name=email]').fill(email);
  await tuan.locator('input[name=password]').fill('tuan first password');
  await tuan.getByRole('button', { name: 'Sign in' }).click();
  await expect(tuan.getByTestId('sign-in-error')).toBeVisible();
  await tuan.locator('input[name=password]').fill('tuan second password');
  await tuan.getByRole('button', { name: 'Sign in' }).click();
  await expect(tuan.getByTestId('signed-in-as')).toContainText('Đỗ Minh Tuấn');
  await waitSynced(tuan);

  // The admin deactivates him: his open app is told (the change pokes it, its next pull is
  // refused) and goes to the sign-in page by itself.
  await row.locator('input[name=active]').uncheck();
  await expect(tuan).toHaveURL(/\/signin$/, { timeout: 20_000 });
  await expect(tuan.locator('input[name=email]')).toBeVisible();
  await his.close();
});
