// A contact's and a company's page behave as the deal page does: Escape, Back and the close
// button ask before unsaved changes are dropped; once saved, they close at once.
import { expect, test } from '@playwright/test';
import { openBoard, openIn, openNewRecord, unique } from './helpers';

test('a contact\'s page asks before unsaved changes are left, by Escape, Back or its close button', async ({ page }) => {
  await openBoard(page);
  await page.goto('/contacts');
  const name = unique('Đặng Văn Phúc');
  await openNewRecord(page, 'open-new-contact');
  const newForm = page.getByTestId('contact-form').first();
  await newForm.locator('input[name=name]').fill(name);
  await newForm.locator('input[name=job]').fill('Kế toán trưởng');
  await newForm.locator('button[type=submit]').click();
  const row = page.getByTestId('contact-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const detail = page.getByTestId('detail');
  const job = detail.locator('input[name=job]');
  await expect(job).toHaveValue('Kế toán trưởng');

  // Escape with an edit: asked; kept.
  await job.fill('Giám đốc tài chính');
  await page.keyboard.press('Escape');
  await expect(detail.getByTestId('unsaved-question')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail.getByTestId('unsaved-question')).toHaveCount(0);
  await expect(job).toHaveValue('Giám đốc tài chính');
  // Back: asked, the address kept until answered; then dropped.
  await page.goBack();
  await expect(detail.getByTestId('unsaved-question')).toBeVisible();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await detail.getByTestId('discard').click();
  await expect(detail).toHaveCount(0);
  await expect(page).toHaveURL(/\/contacts$/);
  await row.click();
  await expect(job).toHaveValue('Kế toán trưởng');

  // Saved, then Escape closes at once: nothing is left unsaved.
  await job.fill('Giám đốc tài chính');
  await detail.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(detail.getByTestId('form-error')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await row.click();
  await expect(job).toHaveValue('Giám đốc tài chính');
});

test('a company\'s page: its people and deals, and its close button asks before an edit is dropped', async ({ page }) => {
  await openBoard(page);
  await page.goto('/companies');
  const name = unique('Công ty Hải Đăng');
  await openNewRecord(page, 'open-new-company');
  const newForm = page.getByTestId('company-form').first();
  await newForm.locator('input[name=name]').fill(name);
  await newForm.locator('input[name=phone]').fill('028 3822 1234');
  await newForm.locator('button[type=submit]').click();
  const row = page.getByTestId('company-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  const detail = page.getByTestId('detail');
  await expect(detail.locator('h2')).toHaveText(name);
  await expect(detail.getByTestId('timeline')).toBeVisible();
  await page.screenshot({ path: `screenshots/company-page-${test.info().project.name}.png` });

  await detail.locator('input[name=address]').fill('12 Nguyễn Huệ, Quận 1');
  await detail.getByTestId('detail-back').click();
  await expect(detail.getByTestId('unsaved-question')).toBeVisible();
  await detail.getByTestId('keep-editing').click();
  await detail.getByRole('button', { name: 'Save', exact: true }).click();
  await detail.getByTestId('detail-back').click();
  await expect(detail).toHaveCount(0);
  await row.click();
  await expect(detail.locator('input[name=address]')).toHaveValue('12 Nguyễn Huệ, Quận 1');
  await page.reload();
  await expect(detail.locator('input[name=address]')).toHaveValue('12 Nguyễn Huệ, Quận 1');
});

test('a contact\'s page in Persian, right to left', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  await page.goto('/contacts');
  await page.getByTestId('contact-row').first().click();
  const detail = page.getByTestId('detail');
  await expect(detail.getByTestId('timeline')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The phone number reads left to right inside the page.
  await expect(detail.locator('input[name=phone]')).toHaveCSS('direction', 'ltr');
  await detail.locator('input[name=job]').fill('مدیر فروش');
  await page.keyboard.press('Escape');
  await expect(detail.getByTestId('unsaved-question')).toContainText('تغییرهایی دارید که ذخیره نشده‌اند.');
  await page.screenshot({ path: `screenshots/contact-page-fa-${test.info().project.name}.png` });
  await detail.getByTestId('discard').click();
  await expect(detail).toHaveCount(0);
});
