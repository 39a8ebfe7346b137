// Typing and pasting amounts as people of each language do: grouped as they type, in their marks
// and digits; pasted in another form ("1.5m", "1,5 tỷ") read back before saving; a mark that could
// be read two ways ("12,5" in English, "1.5" in Vietnamese) refused with a reason, nothing saved.
import { expect, type Page, test } from '@playwright/test';
import { card, column, openIn, quickCreate, unique } from './helpers';

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
  // Marks typed where no number has them stay as and where they were typed, the caret after
  // each: nothing is moved behind the person's back.
  await amount.fill('');
  await amount.pressSequentially('1.500,5');
  await expect(amount).toHaveValue(/^۱\.۵۰۰[,٬]۵$/);
  await page.screenshot({ path: `screenshots/amounts-fa-${test.info().project.name}.png` });
});

test('Thai: grouped as typed, "1.5 ล้าน" read back, "12,5" refused', async ({ page }) => {
  await openIn(page, 'th', 'ซิงค์แล้ว');
  const title = unique('Amount th');
  const form = await quickCreateForm(page, title);
  const amount = form.locator('input[name=revenue]');
  await amount.pressSequentially('2500000');
  await expect(amount).toHaveValue('2,500,000');
  await amount.fill('1.5 ล้าน');
  await expect(form.getByTestId('amount-read')).toHaveText('อ่านได้ว่า ₫1,500,000');
  await amount.fill('12,5');
  await amount.press('Enter');
  await expect(form.getByTestId('form-error')).toContainText('“,”');
  await expect(card(page, title)).toHaveCount(0);
  await amount.fill('1.5 ล้าน');
  await amount.press('Enter');
  await expect(card(page, title)).toContainText('₫1,500,000');
});

test('Chinese: grouped as typed, "150万" read back and saved, bad groups refused', async ({ page }) => {
  await openIn(page, 'zh', '已同步');
  const title = unique('Amount zh');
  const form = await quickCreateForm(page, title);
  const amount = form.locator('input[name=revenue]');
  await amount.pressSequentially('3000000');
  await expect(amount).toHaveValue('3,000,000');
  await amount.fill('1,2345,678');
  await amount.press('Enter');
  await expect(form.getByTestId('form-error')).toContainText('1,234,567');
  await expect(card(page, title)).toHaveCount(0);
  await amount.fill('150万');
  await expect(form.getByTestId('amount-read')).toHaveText('读作 ₫1,500,000');
  await amount.press('Enter');
  await expect(card(page, title)).toContainText('₫1,500,000');
});

test('Persian: a quotation\'s lines typed in Persian digits, grouped and totalled in them', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  const title = unique('پیش‌فاکتور');
  await quickCreate(page, 0, title, 'شرکت آریا', '۱۰۰۰۰۰۰۰');
  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  await editor.getByTestId('new-quotation').click();
  const q = editor.getByTestId('quotation-editor');
  await q.getByTestId('add-line').click();
  const line = q.getByTestId('quotation-line').first();
  await expect(line.getByTestId('line-quantity')).toHaveValue('۱');
  await line.getByTestId('line-description').fill('میز اداری');
  await line.getByTestId('line-quantity').fill('۳');
  const price = line.getByTestId('line-price');
  await price.pressSequentially('2500000');
  await expect(price).toHaveValue('۲٬۵۰۰٬۰۰۰');
  await line.getByTestId('line-tax').fill('۱۰٪');
  // 3 × 2,500,000 + 10% = 8,250,000.
  await expect(line.getByTestId('line-total')).toHaveText('\u200e₫۸٬۲۵۰٬۰۰۰');
  await expect(q.getByTestId('total')).toHaveText('\u200e₫۸٬۲۵۰٬۰۰۰');
  // A quantity with Persian's decimal mark: one and a half, totalled in Persian digits.
  await line.getByTestId('line-quantity').fill('۱٫۵');
  await expect(line.getByTestId('line-total')).toHaveText('\u200e₫۴٬۱۲۵٬۰۰۰');
  // More decimals than a quantity has: said, in Persian, and nothing saved.
  await line.getByTestId('line-quantity').fill('۱٫۵۰۰۵');
  await q.getByTestId('save-quotation').click();
  await expect(q.getByTestId('quotation-error')).toContainText('حداکثر ۳ رقم اعشار');
  await expect(editor.getByTestId('quotation-row')).toHaveCount(0);
  await line.getByTestId('line-quantity').fill('۳');
  await q.getByTestId('save-quotation').click();
  await expect(q.getByTestId('quotation-error')).toHaveCount(0);
  await expect(editor.getByTestId('quotation-row')).toContainText('۸٬۲۵۰٬۰۰۰');
  await q.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/quotation-fa-${test.info().project.name}.png` });
});
