// Typing and pasting amounts as people of each language do: grouped as they type, in their marks
// and digits; pasted in another form ("1.5m", "1,5 tỷ") read back before saving; a mark that could
// be read two ways ("12,5" in English, "1.5" in Vietnamese) refused with a reason, nothing saved.
import { expect, type Page, test } from '@playwright/test';
import { card, column, openIn, unique } from './helpers';

async function quickCreateForm(page: Page, title: string) {
  await column(page, 0).getByTestId('quick-create').click();
  const form = column(page, 0).getByTestId('quick-create-form');
  await form.locator('input[name=title]').fill(title);
  return form;
}

test('English: grouped as typed, "12,5" refused, "1.5m" read back and saved', async ({ page }) => {
  await openIn(page, 'en', 'Up to date');
  const title = unique('Amount en');
  const form = await quickCreateForm(page, title);
  const amount = form.locator('input[name=revenue]');
  await amount.pressSequentially('150000000');
  await expect(amount).toHaveValue('150,000,000');
  // The caret stays where the person types: a digit typed after the first one lands there.
  await amount.press('Home');
  await amount.press('ArrowRight');
  await amount.press('5');
  await expect(amount).toHaveValue('1,550,000,000');

  await form.locator('select[name=currency]').selectOption('USD');
  await amount.fill('12,5');
  await expect(amount).toHaveValue('12,5');
  await expect(form.getByTestId('amount-read')).toHaveCount(0);
  await amount.press('Enter');
  await expect(form.getByTestId('form-error')).toContainText('“,”');
  await expect(form.getByTestId('form-error')).toContainText('1,234.5');
  await expect(card(page, title)).toHaveCount(0);

  await amount.fill('1.5m');
  await expect(form.getByTestId('amount-read')).toHaveText('Read as $1,500,000.00');
  await amount.press('Enter');
  await expect(card(page, title)).toContainText('$1,500,000.00');
  await page.screenshot({ path: `screenshots/amounts-en-${test.info().project.name}.png` });
});

test('Vietnamese: "1,5 tỷ" read back, "1.5" refused in the form, "150.000.000" saved', async ({ page }) => {
  await openIn(page, 'vi', 'Đã đồng bộ');
  const title = unique('Amount vi');
  const form = await quickCreateForm(page, title);
  const amount = form.locator('input[name=revenue]');
  await amount.fill('1,5 tỷ');
  await expect(form.getByTestId('amount-read')).toHaveText(/^Hiểu là 1\.500\.000\.000\s₫$/);
  await amount.press('Enter');
  await expect(card(page, title)).toContainText(/1\.500\.000\.000\s₫/);

  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  const revenue = editor.locator('input[name=revenue]');
  await expect(revenue).toHaveValue('1.500.000.000');
  await revenue.fill('1.5');
  await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(editor.getByTestId('form-error')).toContainText('“.”');
  await revenue.fill('150,000,000');
  await expect(editor.getByTestId('amount-read')).toHaveText(/^Hiểu là 150\.000\.000\s₫$/);
  await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(editor).toHaveCount(0);
  await expect(card(page, title)).toContainText(/150\.000\.000\s₫/);
});

test('Persian: Latin digits typed are shown grouped in Persian ones', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  const form = await quickCreateForm(page, unique('Amount fa'));
  const amount = form.locator('input[name=revenue]');
  await amount.pressSequentially('3000000');
  await expect(amount).toHaveValue('۳٬۰۰۰٬۰۰۰');
  await amount.pressSequentially('.5');
  await expect(amount).toHaveValue('۳٬۰۰۰٬۰۰۰٫۵');
  // Typed with points between the thousands, as a Vietnamese sheet writes them: one kind of
  // digit throughout, read as 150 million and said so.
  await amount.fill('');
  await amount.pressSequentially('150.000.000');
  await expect(amount).toHaveValue('۱۵۰.۰۰۰.۰۰۰');
  await expect(form.getByTestId('amount-read')).toContainText('۱۵۰٬۰۰۰٬۰۰۰');
  // "1,5" could be one and a half or fifteen: refused with the reason, as in English.
  await amount.fill('');
  await amount.pressSequentially('1,5');
  await expect(amount).toHaveValue(/^۱[,٬]۵$/);
  await amount.press('Enter');
  await expect(form.getByTestId('form-error')).toContainText('«,»');
  await page.screenshot({ path: `screenshots/amounts-fa-${test.info().project.name}.png` });
});
