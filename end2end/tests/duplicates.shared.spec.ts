// Possible duplicates while typing (#14): a new contact written without accents, a phone written
// another way, a company with its legal form shortened; offline too, on the browser's copy.
import { expect, test } from '@playwright/test';
import { keptForOffline, openBoard } from './helpers';

test('typing someone already here shows them, offline too', async ({ page, context }) => {
  await openBoard(page);
  await keptForOffline(page);
  await page.getByTestId('show-contacts').click();
  const form = page.getByTestId('contact-form');
  await expect(form).toBeVisible();
  await context.setOffline(true);

  await form.getByLabel('Name').fill('nguyen van an');
  const found = form.getByTestId('duplicates');
  await expect(found).toContainText('Nguyễn Văn An');
  await expect(found).toContainText('name 100% alike');

  await form.getByLabel('Name').fill('Anh Tư');
  await form.getByLabel('Phone').fill('0901 037 091');
  await expect(found).toContainText('Trần Thị Bích');
  await expect(found).toContainText('same phone');
  await page.screenshot({ path: `test-results/duplicates-${test.info().project.name}.png` });

  // A click opens the one already here.
  await found.getByTestId('duplicate').first().click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);

  await page.goBack();
  await page.getByTestId('show-companies').click();
  const company = page.getByTestId('company-form');
  await company.getByLabel('Name').fill('Cty TNHH Minh Phat');
  await expect(company.getByTestId('duplicates')).toContainText('Công ty TNHH Minh Phát');
  await company.getByLabel('Name').fill('');
  await expect(company.getByTestId('duplicates')).toHaveCount(0);
  await context.setOffline(false);
});
