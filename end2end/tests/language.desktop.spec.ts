// A Vietnamese browser gets Rapport in Vietnamese without choosing anything.
import { expect, test } from '@playwright/test';

test.use({ locale: 'vi-VN' });

test('a Vietnamese browser sees the board in Vietnamese', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByTestId('sync-status')).toHaveText('Đã đồng bộ');
  await expect(page.getByTestId('quick-create').first()).toHaveAttribute('title', 'Thêm cơ hội');
});
