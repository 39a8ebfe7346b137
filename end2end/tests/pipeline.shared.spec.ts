// The pipeline's set-up and selling journeys: a team with its own stage and a chained activity
// type; an activity completed schedules the next one; a lead converted onto a known contact; a
// quotation of three lines, its totals, accepted, and the deal won.
import { expect, type Page, test } from '@playwright/test';
import { card, column, openBoard, quickCreate, unique, waitSynced, showTab, openNewRecord } from './helpers';

async function openPage(page: Page, name: 'board' | 'list' | 'leads' | 'activities' | 'contacts' | 'settings') {
  await showTab(page, name);
}

/** The date `days` from today, as a date input holds it. */
function daysFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day `days` from today, as English shows it ("4 Dec 2026"). */
function shownDay(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const month = d.toLocaleString('en-GB', { month: 'short' }).slice(0, 3);
  return `${d.getDate()} ${month} ${d.getFullYear()}`;
}

test('a team with its own stage and a chained activity type: completing a call schedules the follow-up', async ({ page }) => {
  await openBoard(page);
  const team = unique('Đội Đà Nẵng');
  const stageName = unique('Khảo sát');
  const followUp = unique('Follow-up');
  const call = unique('Call');

  await openPage(page, 'settings');
  const newTeam = page.getByTestId('new-team');
  await newTeam.locator('input[name=team-name]').fill(team);
  await newTeam.getByLabel('Lê Thị Mai').check();
  await newTeam.getByTestId('save-team').click();
  await expect(page.getByTestId('team-row').locator('input[name=team-name]').last()).toHaveValue(team);

  const newStage = page.getByTestId('new-stage');
  await newStage.locator('input[name=stage-name]').fill(stageName);
  await newStage.locator('input[name=stage-probability]').fill('35');
  await newStage.locator('select[name=stage-team]').selectOption({ label: team });
  await newStage.getByTestId('save-stage').click();
  await expect(page.getByTestId('stage-row').locator('input[name=stage-name]').last()).toHaveValue(stageName);

  // Reordered: dragged onto the second row on a desktop, moved up with the arrows on a phone.
  const rows = page.getByTestId('stage-row');
  const names = await rows.locator('input[name=stage-name]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const at = names.indexOf(stageName);
  if (test.info().project.name === 'desktop') {
    await rows.nth(at).locator('.grip').dragTo(rows.nth(1));
  } else {
    for (let i = at; i > 1; i--) {
      await rows.nth(i).getByTestId('stage-up').click();
      await expect(rows.nth(i - 1).locator('input[name=stage-name]')).toHaveValue(stageName);
    }
  }
  await expect(rows.nth(1).locator('input[name=stage-name]')).toHaveValue(stageName);

  // The follow-up first, so the call can trigger it.
  let newType = page.getByTestId('new-activity-type');
  await newType.locator('input[name=type-name]').fill(followUp);
  await newType.locator('input[name=type-delay]').fill('3');
  await newType.getByTestId('save-activity-type').click();
  await expect(page.getByTestId('activity-type-row').locator('input[name=type-name]').last()).toHaveValue(followUp);
  newType = page.getByTestId('new-activity-type');
  await newType.locator('input[name=type-name]').fill(call);
  await newType.locator('select[name=type-chaining]').selectOption('trigger');
  await newType.locator('select[name=type-trigger]').selectOption({ label: followUp });
  await newType.getByTestId('save-activity-type').click();
  await expect(page.getByTestId('activity-type-row').locator('input[name=type-name]').last()).toHaveValue(call);
  await waitSynced(page);

  // The team's board shows its own stage.
  await openPage(page, 'board');
  await page.getByTestId('team-switcher').selectOption({ label: team });
  // Its own stage, second, after the shared "New"; not the other team's stages.
  await expect(page.getByTestId('column').nth(1).locator('.stage-name')).toHaveText(stageName);
  await expect(page.getByTestId('column').locator('.stage-name', { hasText: 'Demo / Trình diễn' })).toHaveCount(0);
  const title = unique('Máy lạnh văn phòng');
  await quickCreate(page, 0, title, 'Đà Nẵng Software Park', '75000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();

  await card(page, title).locator('.card-title').click();
  const panel = page.getByTestId('editor').getByTestId('activity-panel');
  await panel.getByTestId('activity-type').selectOption({ label: call });
  await panel.getByTestId('activity-due-input').fill(daysFromToday(0));
  await panel.getByTestId('activity-summary').fill('Gọi xác nhận ngân sách');
  await panel.getByTestId('schedule').click();
  const open = panel.getByTestId('activity');
  await expect(open).toHaveCount(1);
  await expect(open).toContainText(call);
  await expect(open).toHaveAttribute('data-due', 'today');

  await open.getByTestId('activity-done').click();
  await open.getByTestId('activity-feedback').fill('Khách đồng ý, gửi báo giá');
  await open.getByTestId('confirm-done').click();
  // The call is done; the follow-up it triggers is due three days after today.
  await expect(panel.getByTestId('done-activity')).toContainText('Khách đồng ý, gửi báo giá');
  await expect(panel.getByTestId('activity')).toHaveCount(1);
  await expect(panel.getByTestId('activity')).toContainText(followUp);
  await expect(panel.getByTestId('activity')).toContainText(shownDay(3));
  await expect(panel.getByTestId('activity')).toHaveAttribute('data-due', 'planned');
  await page.getByTestId('editor').locator('.close').click();
  await expect(card(page, title).getByTestId('activity-badge')).toHaveAttribute('data-due', 'planned');
  await waitSynced(page);

  // Back from the server after a reload: the team, its column and the follow-up.
  await page.reload();
  await expect(page.getByTestId('team-switcher')).toHaveValue(/.+/);
  await expect(card(page, title)).toBeVisible();
  await card(page, title).locator('.card-title').click();
  await expect(page.getByTestId('editor').getByTestId('activity')).toContainText(followUp);
});

test('feedback being typed when the server confirms the activity keeps its place and every letter', async ({ page }) => {
  await openBoard(page);
  const title = unique('Bàn giao máy chủ');
  await quickCreate(page, 0, title, 'Huế Logistics', '12000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  await waitSynced(page);
  await card(page, title).locator('.card-title').click();
  const panel = page.getByTestId('editor').getByTestId('activity-panel');
  // The push that schedules it is held until the feedback is being typed.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/push', async (route) => {
    await held;
    await route.continue();
  });
  await panel.getByTestId('activity-type').selectOption({ index: 1 });
  await panel.getByTestId('activity-summary').fill('Gọi lại sau buổi trình diễn');
  await panel.getByTestId('schedule').click();
  const row = panel.getByTestId('activity');
  await expect(row).toHaveCount(1);
  await row.getByTestId('activity-done').click();
  await row.getByTestId('activity-feedback').click();
  await page.keyboard.type('Khách hẹn ');
  // The server confirms it (a new version of the activity) while the person is typing.
  release();
  await waitSynced(page);
  await page.keyboard.type('thứ Năm, gửi hợp đồng');
  await expect(row.getByTestId('activity-feedback')).toBeFocused();
  await row.getByTestId('confirm-done').click();
  await expect(panel.getByTestId('done-activity').first()).toContainText('Khách hẹn thứ Năm, gửi hợp đồng');
  await waitSynced(page);
});

test('a setting being typed when the server confirms its last save keeps every letter', async ({ page }) => {
  await openBoard(page);
  await openPage(page, 'settings');
  const name = unique('Nhãn khách');
  const fresh = page.getByTestId('new-tag');
  await fresh.locator('input[name=tag-name]').fill(name);
  await fresh.getByTestId('save-tag').click();
  const row = page.getByTestId('tag-row').last();
  await expect(row.locator('input[name=tag-name]')).toHaveValue(name);
  await waitSynced(page);
  // Renamed; the push that saves it is held while the name is typed on.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/push', async (route) => {
    await held;
    await route.continue();
  });
  const input = row.locator('input[name=tag-name]');
  await input.fill(`${name} VIP`);
  await row.getByTestId('save-tag').click();
  await input.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' miền');
  // The server confirms the save (a new version of the tag) while the person is typing.
  release();
  await waitSynced(page);
  await page.keyboard.type(' Bắc');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(`${name} VIP miền Bắc`);
  await row.getByTestId('save-tag').click();
  await waitSynced(page);
  await page.reload();
  const names = page.getByTestId('tag-row').locator('input[name=tag-name]');
  await expect(names.first()).toBeVisible();
  expect(await names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain(`${name} VIP miền Bắc`);
});

test('a lead is converted onto the contact it matches by email, with a new company', async ({ page }) => {
  await openBoard(page);
  const tag = unique('x').split(' ').pop();
  const email = `lan.${tag}@example.vn`;
  const contactName = `Hoàng Thị Lan ${tag}`;
  const companyName = `Công ty Ánh Dương ${tag}`;

  await openPage(page, 'contacts');
  await openNewRecord(page, 'open-new-contact');
  const contactForm = page.getByTestId('contact-form').first();
  await contactForm.locator('input[name=name]').fill(contactName);
  await contactForm.locator('input[name=email]').fill(email);
  await contactForm.locator('input[name=phone]').fill('+84 912 000 111');
  await contactForm.getByRole('button', { name: 'New contact' }).click();
  await expect(page.getByTestId('contact-row').filter({ hasText: contactName })).toHaveCount(1);

  await openPage(page, 'leads');
  const leadTitle = unique('Hệ thống điện mặt trời');
  await openNewRecord(page, 'open-new-lead');
  const form = page.getByTestId('new-lead');
  await form.locator('input[name=title]').fill(leadTitle);
  await form.locator('input[name=contact]').fill('Chị Lan');
  await form.locator('input[name=company]').fill(companyName);
  await form.locator('input[name=email]').fill(email.toUpperCase());
  await form.getByRole('button', { name: 'New lead' }).click();
  const lead = page.getByTestId('lead').filter({ hasText: leadTitle });
  await expect(lead).toHaveCount(1);

  await lead.getByTestId('convert').click();
  const panel = lead.getByTestId('convert-panel');
  // The known contact is offered first, by its email; the company is new.
  const match = panel.getByTestId('contact-choices').getByLabel(new RegExp(`${contactName}.*same email`));
  await expect(match).toBeChecked();
  await expect(panel.getByTestId('company-choices').getByLabel(`Create a new one: ${companyName}`)).toBeChecked();
  await panel.getByTestId('confirm-convert').click();
  await expect(page.getByTestId('lead').filter({ hasText: leadTitle })).toHaveCount(0);
  await waitSynced(page);

  // The opportunity is in the pipeline (at the end of its column) and on the contact's page.
  await openPage(page, 'list');
  await page.getByTestId('search').fill(leadTitle);
  await expect(page.getByTestId('row')).toHaveCount(1);
  await expect(page.getByTestId('row')).toContainText('New');
  await openPage(page, 'contacts');
  await page.getByTestId('contact-row').filter({ hasText: contactName }).click();
  const detail = page.getByTestId('detail');
  await expect(detail.getByTestId('detail-opportunities')).toContainText(leadTitle);
  const timeline = detail.getByTestId('timeline');
  await expect(timeline).toContainText(contactName);
  // A note logged on the contact joins its timeline, with who wrote it.
  await timeline.getByTestId('note-text').fill('Hẹn gặp thứ Hai tại văn phòng');
  await timeline.getByTestId('log-note').click();
  await expect(timeline.getByTestId('timeline-line').filter({ hasText: 'Hẹn gặp thứ Hai' }).first()).toBeVisible();
  await waitSynced(page);
  await expect(
    timeline.getByTestId('timeline-line').filter({ hasText: 'Hẹn gặp thứ Hai' }).filter({ hasText: 'Nguyễn Thu Trang' }),
  ).toHaveCount(1);
  await detail.locator('.close').click();
  await page.getByTestId('show-companies').click();
  await expect(page.getByTestId('company-row').filter({ hasText: companyName })).toHaveCount(1);
  // A company has its activities too: one planned there shows on its page.
  await page.getByTestId('company-row').filter({ hasText: companyName }).click();
  const company = page.getByTestId('detail');
  const plan = company.getByTestId('schedule-activity');
  await plan.getByTestId('activity-type').selectOption({ index: 1 });
  await plan.getByTestId('activity-summary').fill('Gửi hồ sơ năng lực');
  await plan.getByTestId('schedule').click();
  await expect(company.getByTestId('activity').filter({ hasText: 'Gửi hồ sơ năng lực' })).toHaveCount(1);
  await waitSynced(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('a quotation of three lines totals in whole dong, and accepting it wins the deal', async ({ page }) => {
  await openBoard(page);
  const product = unique('Bàn làm việc');
  await openPage(page, 'settings');
  const newProduct = page.getByTestId('new-product');
  await newProduct.locator('input[name=product-name]').fill(product);
  await newProduct.locator('input[name=product-price]').fill('2500000');
  await newProduct.locator('input[name=product-tax]').fill('10');
  await newProduct.getByTestId('save-product').click();
  await expect(page.getByTestId('product-row').locator('input[name=product-name]').last()).toHaveValue(product);

  await openPage(page, 'board');
  const title = unique('Nội thất văn phòng');
  await quickCreate(page, 1, title, 'Vinamilk', '10000000');
  await column(page, 1).getByRole('button', { name: 'Cancel' }).click();
  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  await editor.getByTestId('new-quotation').click();
  const q = editor.getByTestId('quotation-editor');
  const lines = q.getByTestId('quotation-line');

  // A quantity of 0 is refused with what to fix, and nothing is saved.
  await q.getByTestId('add-line').click();
  await lines.nth(0).getByTestId('line-product').selectOption({ label: product });
  await expect(lines.nth(0).getByTestId('line-price')).toHaveValue('2,500,000');
  await lines.nth(0).getByTestId('line-quantity').fill('0');
  await q.getByTestId('save-quotation').click();
  await expect(q.getByTestId('quotation-error')).toContainText('line 1: quantity must be more than 0');
  await expect(editor.getByTestId('quotation-row')).toHaveCount(0);

  await lines.nth(0).getByTestId('line-quantity').fill('3');
  await lines.nth(0).getByTestId('line-discount').fill('5');
  await q.getByTestId('add-line').click();
  await lines.nth(1).getByTestId('line-description').fill('Lắp đặt');
  await lines.nth(1).getByTestId('line-price').fill('1500000');
  await lines.nth(1).getByTestId('line-tax').fill('8');
  await q.getByTestId('add-line').click();
  await lines.nth(2).getByTestId('line-description').fill('Vận chuyển');
  await lines.nth(2).getByTestId('line-quantity').fill('2');
  await lines.nth(2).getByTestId('line-price').fill('333333');
  await lines.nth(2).getByTestId('line-tax').fill('10');
  // 3 × 2,500,000 less 5% = 7,125,000 + 10% = 7,837,500; 1,500,000 + 8% = 1,620,000;
  // 2 × 333,333 = 666,666 + 10% (66,666.6 → 66,667) = 733,333.
  await expect(lines.nth(0).getByTestId('line-total')).toHaveText('₫7,837,500');
  await expect(lines.nth(2).getByTestId('line-total')).toHaveText('₫733,333');
  await expect(q.getByTestId('untaxed')).toHaveText('₫9,291,666');
  await expect(q.getByTestId('tax')).toHaveText('₫899,167');
  await expect(q.getByTestId('total')).toHaveText('₫10,190,833');
  // Hours of consulting: a quantity and percents with decimals. "2,5" is refused in English
  // (a comma groups thousands here), "2.5" is read.
  await q.getByTestId('add-line').click();
  await lines.nth(3).getByTestId('line-description').fill('Tư vấn');
  await lines.nth(3).getByTestId('line-quantity').fill('2,5');
  await lines.nth(3).getByTestId('line-price').fill('400000');
  await expect(q.getByTestId('quotation-totals')).toContainText('Line 4: quantity');
  await lines.nth(3).getByTestId('line-quantity').fill('2.5');
  await lines.nth(3).getByTestId('line-discount').fill('12.5');
  await lines.nth(3).getByTestId('line-tax').fill('8.5');
  // 2.5 × 400,000 = 1,000,000 less 12.5% = 875,000 + 8.5% (74,375) = 949,375.
  await expect(lines.nth(3).getByTestId('line-total')).toHaveText('₫949,375');
  await expect(q.getByTestId('total')).toHaveText('₫11,140,208');
  await q.getByTestId('save-quotation').click();
  await expect(editor.getByTestId('quotation-row')).toContainText('₫11,140,208');
  await q.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/quotation-${test.info().project.name}.png` });

  await q.getByTestId('accept-quotation').click();
  await expect(editor.getByTestId('quotation-state')).toHaveText('Accepted');
  // Accepted is final: the lines can no longer change.
  await expect(lines.nth(0).getByTestId('line-quantity')).toBeDisabled();
  await expect(q.getByTestId('save-quotation')).toHaveCount(0);
  await editor.locator('.close').click();
  await waitSynced(page);
  // Won, at 100%: the list finds it in the won stage (the board's long won column renders only
  // the cards in view).
  await openPage(page, 'list');
  await page.getByTestId('search').fill(title);
  const row = page.getByTestId('row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Won');
  await expect(row).toContainText('100%');

  // The printable quotation.
  await row.click();
  await page.getByTestId('editor').getByTestId('quotation-row').getByRole('button').click();
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByTestId('print-quotation').click();
  const printed = page.getByTestId('print-view');
  await expect(printed).toContainText('Vận chuyển');
  await expect(printed).toContainText('₫11,140,208');
  await expect(printed).toContainText('12.5%');
});

test('my activities lists what is due, soonest first, and one can be done from there', async ({ page }) => {
  await openBoard(page);
  await openPage(page, 'activities');
  await page.getByTestId('everyones-activities').click();
  const rows = page.getByTestId('activity');
  await expect(rows.first()).toHaveAttribute('data-due', 'overdue');
  const dues = await rows.getByTestId('activity-due').allInnerTexts();
  // Days as English shows them ("4 Dec 2026"), in order.
  const dates = dues.map((d) => Date.parse(d.split(' · ').pop() ?? ''));
  expect(dates.every((d) => !Number.isNaN(d))).toBe(true);
  expect(dates).toEqual([...dates].sort((a, b) => a - b));
  const first = await rows.first().getAttribute('data-id');
  await rows.first().getByTestId('activity-done').click();
  await rows.first().getByTestId('confirm-done').click();
  await expect(page.locator(`[data-testid=activity][data-id="${first}"]`)).toHaveCount(0);
  await waitSynced(page);

  // Grouped by day, in order: overdue, today, tomorrow, this week, later.
  const order = ['overdue', 'today', 'tomorrow', 'thisweek', 'later'];
  const groups = await page.getByTestId('day-group').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-group') ?? ''));
  expect(groups.length).toBeGreaterThan(1);
  expect(groups).toEqual([...groups].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
  await expect(page.getByTestId('day-group').first()).toHaveText('Overdue');

  // Cancelling asks first; kept, then cancelled.
  const next = await rows.first().getAttribute('data-id');
  await rows.first().getByTestId('activity-cancel').click();
  await expect(rows.first().getByTestId('cancel-question')).toBeVisible();
  await rows.first().getByRole('button', { name: 'Keep it' }).click();
  await expect(page.locator(`[data-testid=activity][data-id="${next}"]`)).toHaveCount(1);
  await rows.first().getByTestId('activity-cancel').click();
  await rows.first().getByTestId('confirm-cancel').click();
  await expect(page.locator(`[data-testid=activity][data-id="${next}"]`)).toHaveCount(0);
  await page.screenshot({ path: `screenshots/activities-grouped-${test.info().project.name}.png` });
  await waitSynced(page);
});
