// The deal page: opened by its address, its fields beside its activities and timeline (below
// them on a phone), Save always in sight; Escape, Back and Cancel ask before unsaved changes are
// dropped; the stage bar moves the deal; delete asks, and can be undone for a few seconds.
import { expect, test } from '@playwright/test';
import { card, column, columnOf, openBoard, openIn, openNewRecord, quickCreate, showTab, unique } from './helpers';

test('a deal page: by address, unsaved changes asked about, stage bar, delete with undo', async ({ page }) => {
  await openBoard(page);
  const title = unique('Deal page');
  await quickCreate(page, 0, title, 'Công ty Sao Mai', '250000000');
  await expect(card(page, title)).toBeVisible();
  await card(page, title).locator('.card-title').click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  const address = new URL(page.url()).pathname;

  // Opened by its address, as a link from a colleague would.
  await page.goto(address);
  const deal = page.getByTestId('editor');
  await expect(deal.locator('h2')).toHaveText(title);
  await expect(deal.locator('.deal-amount')).toHaveText('₫250,000,000');
  const save = deal.getByRole('button', { name: 'Save', exact: true });
  const viewport = page.viewportSize()!;
  const saveBox = (await save.boundingBox())!;
  expect(saveBox.y + saveBox.height).toBeLessThanOrEqual(viewport.height);
  // Beside the fields on a desktop, below them on a phone.
  const details = (await deal.locator('.deal-details').boundingBox())!;
  const side = (await deal.locator('.deal-side').boundingBox())!;
  if (viewport.width > 900) expect(side.x).toBeGreaterThan(details.x + details.width - 1);
  else expect(side.y).toBeGreaterThan(details.y + details.height - 1);
  await page.screenshot({ path: `screenshots/deal-page-${test.info().project.name}.png` });

  // An edit, then Escape: asked; kept; asked again and dropped.
  const titleInput = deal.locator('input[name=title]');
  await titleInput.fill(`${title} (edited)`);
  await page.keyboard.press('Escape');
  await expect(deal.getByTestId('unsaved-question')).toBeVisible();
  await deal.getByTestId('keep-editing').click();
  await expect(titleInput).toHaveValue(`${title} (edited)`);
  await deal.getByRole('button', { name: 'Cancel', exact: true }).click();
  await deal.getByTestId('discard').click();
  await expect(deal).toHaveCount(0);
  await expect(card(page, title)).toHaveCount(1);
  await expect(card(page, `${title} (edited)`)).toHaveCount(0);

  // The browser's Back with an edit asks too, and keeps the deal's address until answered.
  await card(page, title).locator('.card-title').click();
  await expect(page).toHaveURL(/\/deals\//);
  await titleInput.fill(`${title} (by Back)`);
  await page.goBack();
  await expect(deal.getByTestId('unsaved-question')).toBeVisible();
  await expect(page).toHaveURL(/\/deals\//);
  await deal.getByTestId('keep-editing').click();
  await expect(titleInput).toHaveValue(`${title} (by Back)`);
  await page.goBack();
  await expect(deal.getByTestId('unsaved-question')).toBeVisible();
  await deal.getByTestId('discard').click();
  await expect(deal).toHaveCount(0);
  await expect(page).not.toHaveURL(/\/deals\//);
  await expect(card(page, `${title} (by Back)`)).toHaveCount(0);
  // Nothing edited: Back closes at once.
  await card(page, title).locator('.card-title').click();
  await expect(deal).toBeVisible();
  await page.goBack();
  await expect(deal).toHaveCount(0);

  // Nothing edited: Escape closes at once.
  await card(page, title).locator('.card-title').click();
  await expect(deal).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(deal).toHaveCount(0);

  // An edit saved; the stage bar moves the deal to the next stage.
  await card(page, title).locator('.card-title').click();
  await deal.locator('input[name=customer]').fill('Công ty Sao Mai JSC');
  await deal.getByTestId('stage-bar').getByRole('button').nth(1).click();
  await expect(deal.getByTestId('stage-bar').locator('.here')).toHaveText(await deal.getByTestId('stage-bar').getByRole('button').nth(1).innerText());
  await save.click();
  await expect(deal).toHaveCount(0);
  // Moved to the end of a long column: the board's search brings it into view.
  await page.getByTestId('board-search').fill(title);
  await expect(card(page, title)).toContainText('Công ty Sao Mai JSC');
  expect(await columnOf(page, title)).toBe(1);

  // Delete asks, then can be undone.
  await card(page, title).locator('.card-title').click();
  await deal.getByTestId('delete').click();
  await expect(deal.getByTestId('delete-question')).toContainText(title);
  await deal.getByTestId('confirm-delete').click();
  await expect(deal).toHaveCount(0);
  await expect(card(page, title)).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toContainText(title);
  await page.getByTestId('undo').click();
  await expect(card(page, title)).toHaveCount(1);
  await expect(page.getByTestId('undo-toast')).toHaveCount(0);
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
  await page.reload();
  await expect(card(page, title)).toHaveCount(1);
  expect(await columnOf(page, title)).toBe(1);
});

test('the deal page in Persian, right to left', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  await column(page, 0).getByTestId('card').first().locator('.card-title').click();
  const deal = page.getByTestId('editor');
  await expect(deal.getByTestId('stage-bar').locator('.here')).toBeVisible();
  await expect(deal.locator('.deal-amount')).toHaveText(/^\u200e[^\s]+[۰-۹٬٫]+$/);
  // The probability in Persian digits, typed and read back in them.
  const probability = deal.locator('input[name=probability]');
  await expect(probability).toHaveValue(/^[۰-۹]+$/);
  // The timeline's days are in the Solar Hijri calendar too, never ISO.
  await expect(deal.getByTestId('timeline-line').first()).toBeVisible();
  await expect(deal.getByTestId('timeline')).not.toContainText(/\b\d{4}-\d{2}-\d{2}\b/);
  await expect(deal.getByTestId('timeline-line').first().locator('time')).toHaveText(/^۱۴[۰-۹]{2}\//);
  await page.screenshot({ path: `screenshots/deal-page-fa-${test.info().project.name}.png` });

  // The closing day is picked on a Solar Hijri month, not the browser's Gregorian picker.
  const title = (await deal.locator('h2').innerText()).trim();
  await deal.getByTestId('date-pick').first().click();
  const picker = deal.getByTestId('date-picker');
  // Escape closes the picker, and only the picker.
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(deal).toBeVisible();
  await expect(deal.getByTestId('unsaved-question')).toHaveCount(0);
  await deal.getByTestId('date-pick').first().click();
  await expect(picker.getByTestId('month-title')).toHaveText(/^(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴[۰-۹]{2}$/);
  await picker.getByTestId('month-after').click();
  await picker.getByTestId('day').filter({ hasText: /^۱۵$/ }).click();
  const close = deal.locator('input[name=close]');
  await expect(close).toHaveValue(/^۱۴[۰-۹]{2}\/[۰-۹]{2}\/۱۵$/);
  const picked = await close.inputValue();
  await page.screenshot({ path: `screenshots/date-picker-fa-${test.info().project.name}.png` });
  await deal.getByRole('button', { name: 'ذخیره', exact: true }).click();
  await expect(deal).toHaveCount(0);
  await page.getByTestId('card').filter({ hasText: title }).first().locator('.card-title').click();
  await expect(deal.locator('input[name=close]')).toHaveValue(picked);
});

test('the deal page in Persian: by address, unsaved changes asked about, delete with undo', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  const title = unique('صفحه فرصت');
  await quickCreate(page, 0, title, 'شرکت آریا', '۲۵۰۰۰۰۰۰۰');
  await card(page, title).locator('.card-title').click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  const address = new URL(page.url()).pathname;
  await page.goto(address);
  const deal = page.getByTestId('editor');
  await expect(deal.locator('h2')).toHaveText(title);
  await expect(deal.locator('.deal-amount')).toHaveText('\u200e₫۲۵۰٬۰۰۰٬۰۰۰');
  await expect(deal.locator('input[name=revenue]')).toHaveValue('۲۵۰٬۰۰۰٬۰۰۰');

  // Escape with an edit asks, in Persian; kept, then dropped.
  await deal.locator('input[name=title]').fill(`${title} ویرایش`);
  await page.keyboard.press('Escape');
  await expect(deal.getByTestId('unsaved-question')).toContainText('تغییرهایی دارید که ذخیره نشده‌اند.');
  await deal.getByTestId('keep-editing').click();
  await page.goBack();
  await expect(deal.getByTestId('unsaved-question')).toBeVisible();
  await expect(page).toHaveURL(/\/deals\//);
  await deal.getByTestId('discard').click();
  await expect(deal).toHaveCount(0);
  await expect(card(page, `${title} ویرایش`)).toHaveCount(0);

  // Delete asks, naming the deal; Undo brings it back.
  await card(page, title).locator('.card-title').click();
  await deal.getByTestId('delete').click();
  await expect(deal.getByTestId('delete-question')).toContainText(title);
  await deal.getByTestId('confirm-delete').click();
  await expect(card(page, title)).toHaveCount(0);
  await expect(page.getByTestId('undo-toast')).toContainText(`«\u2068${title}\u2069» حذف شد`);
  await page.screenshot({ path: `screenshots/deal-undo-fa-${test.info().project.name}.png` });
  await page.getByTestId('undo').getByText('واگرد').click();
  await expect(card(page, title)).toHaveCount(1);
  await expect(page.getByTestId('sync-status')).toHaveText('به‌روز');
});

test('a lead opens as a lead: no stages and no Won; converted from its page, it becomes an opportunity there', async ({ page }) => {
  await openBoard(page);
  await showTab(page, 'leads');
  const title = unique('Lead page');
  await openNewRecord(page, 'open-new-lead');
  const form = page.getByTestId('new-lead');
  await form.locator('input[name=title]').fill(title);
  const token = title.split(' ').pop();
  await form.locator('input[name=contact]').fill(`Anh Phúc ${token}`);
  await form.locator('input[name=company]').fill(`Công ty Phúc Lộc ${token}`);
  // The language they are spoken to in.
  await form.locator('select[name=language]').selectOption('vi');
  await form.getByRole('button', { name: 'New lead' }).click();
  const row = page.getByTestId('lead').filter({ hasText: title });
  await row.getByRole('button', { name: 'Open' }).click();

  const lead = page.getByTestId('editor');
  await expect(lead.getByTestId('page-kind')).toHaveText('Lead');
  // Its company as written, editable until it is converted and linked.
  await expect(lead.locator('input[name=company]')).toHaveValue(`Công ty Phúc Lộc ${token}`);
  await expect(lead.locator('select[name=language]')).toHaveValue('vi');
  await expect(lead.getByTestId('timeline')).toContainText('Language: Vietnamese');
  await expect(lead.getByTestId('stage-bar')).toHaveCount(0);
  await expect(lead.getByTestId('mark-won')).toHaveCount(0);
  await expect(lead.getByTestId('quotations')).toHaveCount(0);
  // Lost and Delete stay: a lead can be dropped.
  await expect(lead.getByTestId('mark-lost')).toBeVisible();
  await page.screenshot({ path: `screenshots/lead-page-${test.info().project.name}.png` });

  // Converted from the top of its page: a new contact and company, then the deal's layout.
  await lead.getByTestId('convert').click();
  const panel = lead.getByTestId('convert-panel');
  await expect(panel.getByTestId('contact-choices').getByLabel(`Create a new one: Anh Phúc ${token}`)).toBeChecked();
  await panel.getByTestId('confirm-convert').click();
  await expect(lead.getByTestId('page-kind')).toHaveText('Opportunity');
  await expect(lead.getByTestId('stage-bar')).toBeVisible();
  await expect(lead.getByTestId('mark-won')).toBeVisible();
  await expect(lead.getByTestId('linked-party')).toContainText(`Anh Phúc ${token}`);
  await expect(lead.locator('input[name=company]')).toHaveCount(0);
  await lead.getByTestId('deal-back').click();
  await expect(page.getByTestId('lead').filter({ hasText: title })).toHaveCount(0);
});
