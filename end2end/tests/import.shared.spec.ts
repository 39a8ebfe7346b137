// Importing a sheet (#14), as a new customer does on their first day: a file of contacts with
// a column the headers do not name and a row with a mistake; fix the mapping, check, see the
// mistake with its line and column, import, find the people, download the row to fix, undo.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseLanguage, openBoard, unique, waitSynced, showTab, openTools } from './helpers';

test('a sheet with mistakes is mapped, checked, imported and undone', async ({ page }) => {
  await openBoard(page);
  const tag = unique('imp').split(' ').pop()!.toLowerCase();
  // Phones of this run only (a row with a phone already known would be skipped).
  const n = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
  const sheet = [
    `Họ và tên;Công ty;Email;Mobile ${tag}`,
    `Nguyễn Thị Nhập ${tag};Công ty Nhập ${tag};nhap.${tag}@example.vn;090 ${n}`,
    `Trần Sai ${tag};Công ty Nhập ${tag};sai@@example;091 ${n}`,
    `Lê Văn Đúng ${tag};;dung.${tag}@example.vn;+84 92 ${n}`,
  ].join('\r\n');

  await showTab(page, 'contacts');
  await openTools(page);
  await page.getByTestId('contacts').getByTestId('import-link').click();
  await expect(page).toHaveURL(/\/import\?kind=contact$/);
  const start = page.getByTestId('import');
  await expect(start.getByTestId('import-kind')).toHaveValue('contact');
  await start.getByTestId('import-file').setInputFiles({
    name: `contacts-${tag}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(sheet, 'utf-8'),
  });
  await start.getByTestId('import-upload').click();

  // The columns as read: three found from their Vietnamese headers, one left for the person.
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  const fields = mapping.getByTestId('import-field');
  await expect(fields).toHaveCount(4);
  await expect(fields.nth(0)).toHaveValue('name');
  await expect(fields.nth(1)).toHaveValue('company_id');
  await expect(fields.nth(2)).toHaveValue('email');
  await expect(fields.nth(3)).toHaveValue('');
  await expect(mapping.getByTestId('import-columns')).toContainText(`Lê Văn Đúng ${tag}`);
  // Three rows to import: the header row names the columns and is not one.
  await expect(mapping.getByTestId('import-rows')).toHaveText('3 rows');
  // The sheet's numbers are read from each cell unless its decimal mark is said.
  await expect(mapping.getByTestId('import-decimal')).toHaveValue('');
  await mapping.getByLabel(`Field for “Mobile ${tag}”`).selectOption('phone');
  await mapping.getByTestId('import-save-as').fill(`Zalo export ${tag}`);

  // The dry run: nothing written, the mistake shown with its line, column and why.
  await mapping.getByTestId('import-check').click();
  await expect(mapping.getByTestId('import-summary')).toHaveText(
    'Nothing is written yet. 2 new, 0 updated, 0 skipped, 1 with mistakes.',
  );
  const failure = mapping.getByTestId('import-failure');
  await expect(failure).toHaveCount(1);
  await expect(failure).toContainText('3');
  await expect(failure).toContainText('Email');
  await expect(failure).toContainText('"sai@@example" is not an email address');
  await page.screenshot({ path: `screenshots/import-checked-${test.info().project.name}.png`, fullPage: true });

  await mapping.getByTestId('import-start').click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress.getByTestId('import-counts')).toHaveText('2 created, 0 updated, 0 skipped, 1 failed');
  await expect(progress.getByTestId('import-done')).toHaveText('3 of 3 rows');
  await page.screenshot({ path: `screenshots/import-done-${test.info().project.name}.png`, fullPage: true });

  // The row with the mistake, to fix and import again.
  const downloading = page.waitForEvent('download');
  await progress.getByTestId('import-download-failed').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`contacts-${tag}-mistakes.csv`);
  const text = readFileSync((await download.path())!, 'utf-8');
  expect(text).toContain(`Trần Sai ${tag}`);
  expect(text).toContain('is not an email address');

  // The people are in every browser's contacts, with their new company.
  await showTab(page, 'contacts');
  await waitSynced(page);
  const contacts = page.getByTestId('contacts');
  await contacts.getByRole('searchbox').fill(tag);
  await expect(contacts.getByTestId('contact-row')).toHaveCount(2);
  await expect(contacts.getByTestId('contact-row').filter({ hasText: 'Nguyễn Thị Nhập' })).toContainText(`Công ty Nhập ${tag}`);

  // Undo, from the list of earlier imports.
  await page.goto('/import');
  await page.getByTestId('import-history').getByTestId('import-row').filter({ hasText: tag }).click();
  await page.getByTestId('import-progress').getByTestId('import-undo').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'undone');
  await showTab(page, 'contacts');
  await waitSynced(page);
  await page.getByTestId('contacts').getByRole('searchbox').fill(tag);
  await expect(page.getByTestId('contacts').getByTestId('contact-row')).toHaveCount(0);

  // The same file again: the saved mapping is applied by itself.
  await page.goto('/import?kind=contact');
  await page.getByTestId('import-file').setInputFiles({
    name: `contacts-${tag}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(sheet, 'utf-8'),
  });
  await page.getByTestId('import-upload').click();
  await expect(page.getByTestId('import-mapping-used')).toContainText(`Zalo export ${tag}`);
  await expect(page.getByTestId('import-field').nth(3)).toHaveValue('phone');
});

test('a file that is not a table is refused with a reason, in the reader\'s language', async ({ page }) => {
  await page.goto('/import');
  const empty = { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('   \n', 'utf-8') };
  await page.getByTestId('import-file').setInputFiles(empty);
  await page.getByTestId('import-upload').click();
  await expect(page.getByTestId('import-error')).toHaveText('The file is empty.');
  // The server says it in the language chosen in the app.
  await chooseLanguage(page, 'fa');
  await page.getByTestId('import-file').setInputFiles(empty);
  await page.getByTestId('import-upload').click();
  await expect(page.getByTestId('import-error')).toHaveText('پرونده خالی است.');
});
