// Saved views (#15 item 3): an admin adds a dropdown and a formula to the deals; a salesperson
// fills the dropdown on a deal, filters the board by it and by the formula with the filter
// builder, saves the board as a view shared with their team, and sends its address to their
// manager, who opens it and sees the same deals, online and offline. Offline, the salesperson's
// change to another deal puts it in the view at once. The view and the fields are deleted at the end.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { card, keptForOffline, quickCreate, signedIn, unique, waitSynced, openTools } from './helpers';

async function board(page: Page, address = '/') {
  await page.goto(address);
  await expect(page.getByTestId('column').first()).toBeVisible();
  await waitSynced(page);
}

async function addField(page: Page, label: string, type: string, extra: { options?: string[]; formula?: string }) {
  const row = page.getByTestId('custom-kind-opportunity').getByTestId('new-custom-field');
  await row.locator('input[name=label-en]').fill(label);
  await row.locator('select[name=type]').selectOption(type);
  if (extra.options) await row.locator('textarea[name=options]').fill(extra.options.join('\n'));
  if (extra.formula) await row.locator('textarea[name=formula]').fill(extra.formula);
  await row.getByTestId('save-custom-field').click();
  await expect(page.getByTestId('custom-kind-opportunity').locator(`[data-testid=custom-field-row][data-label="${label}"]`)).toHaveCount(1);
}

async function deleteField(page: Page, label: string) {
  await page.goto('/settings/custom-fields');
  const kind = page.getByTestId('custom-kind-opportunity');
  await expect(kind.getByTestId('new-custom-field')).toBeVisible();
  await waitSynced(page);
  const row = kind.locator(`[data-testid=custom-field-row][data-label="${label}"]`);
  if ((await row.count()) > 0) await row.getByTestId('delete-custom-field').click();
  await expect(row).toHaveCount(0);
  await waitSynced(page);
}

/** Sets the deal's region on its page and saves. */
async function setRegion(page: Page, title: string, region: string, option: string) {
  await card(page, title).locator('.card-title').click();
  const deal = page.getByTestId('editor');
  await deal.locator(`.custom-field:has-text("${region}") select`).selectOption({ label: option });
  await deal.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(deal).toHaveCount(0);
}

test('a salesperson filters the board, saves it as a view for the team, and the manager opens its link', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const region = unique('Region');
  const weighted = unique('Weighted');
  const viewName = unique('North deals');
  const [north, south] = [unique('Views north'), unique('Views south')];
  await board(page);
  await page.goto('/settings/custom-fields');
  await addField(page, region, 'choice', { options: ['North', 'South'] });
  await addField(page, weighted, 'formula', { formula: 'expected_revenue * probability / 100' });
  await waitSynced(page);

  const huyContext = await signedIn(browser, 'huy@demo.rapport');
  const huy = await huyContext.newPage();
  const davidContext = await signedIn(browser, 'david@demo.rapport');
  try {
    await board(huy);
    await quickCreate(huy, 0, north, 'Công ty Bắc Hà', '300000000');
    await expect(card(huy, north)).toBeVisible();
    await quickCreate(huy, 1, south, 'Công ty Nam Long', '90000000');
    await expect(card(huy, south)).toBeVisible();
    await setRegion(huy, north, region, 'North');
    await waitSynced(huy);

    // The filter builder: the region is North, and the weighted amount (a formula) over zero.
    await huy.getByTestId('filter-toggle').click();
    const panel = huy.getByTestId('filter-panel');
    await panel.getByTestId('filter-add').click();
    let row = panel.getByTestId('filter-row').last();
    await row.getByTestId('filter-field').selectOption({ label: region });
    await expect(row.getByTestId('filter-op')).toHaveValue('one_of');
    await row.getByTestId('filter-choices').getByLabel('North').check();
    await expect(card(huy, north)).toBeVisible();
    await expect(card(huy, south)).toHaveCount(0);
    await panel.getByTestId('filter-add').click();
    row = panel.getByTestId('filter-row').last();
    await row.getByTestId('filter-field').selectOption({ label: weighted });
    await row.getByTestId('filter-op').selectOption('more');
    await row.getByTestId('filter-number').fill('1000000');
    await expect(huy.getByTestId('filter-conditions')).toHaveText('2');
    await expect(card(huy, north)).toBeVisible();
    await huy.screenshot({ path: `screenshots/views-filter-${test.info().project.name}.png` });

    // Saved as a view for the team: its name shows, and its address carries it.
    await huy.getByTestId('view-save').click();
    const form = huy.getByTestId('save-view-form');
    await form.locator('input[name=view-name]').fill(viewName);
    await form.getByTestId('view-sharing').selectOption({ index: 1 });
    await form.getByTestId('view-save-submit').click();
    await expect(huy.getByTestId('view-current')).toHaveText(viewName);
    await expect(huy).toHaveURL(/view=/);
    const link = huy.url();
    await waitSynced(huy);

    // The views menu counts what each view keeps.
    await huy.getByTestId('views').click();
    const option = huy.getByTestId('view-option').filter({ hasText: viewName });
    await expect(option.getByTestId('view-count')).toHaveText('1');
    await huy.getByTestId('view-all').click();
    await expect(huy.getByTestId('view-current')).toHaveText('All');
    await expect(card(huy, south)).toBeVisible();

    // The manager opens the link: the same view, the same deals.
    const david = await davidContext.newPage();
    await board(david, link);
    await expect(david.getByTestId('view-current')).toHaveText(viewName);
    await expect(card(david, north)).toBeVisible();
    await expect(card(david, south)).toHaveCount(0);
    await david.screenshot({ path: `screenshots/views-shared-${test.info().project.name}.png` });
    // Offline, the link opens the same view again, from the manager's own copy.
    await keptForOffline(david);
    await davidContext.setOffline(true);
    await david.goto('/list');
    await expect(david.getByTestId('list')).toBeVisible();
    await david.goto(link);
    await expect(david.getByTestId('column').first()).toBeVisible();
    await expect(david.getByTestId('view-current')).toHaveText(viewName);
    await expect(card(david, north)).toBeVisible();
    await expect(card(david, south)).toHaveCount(0);
    await davidContext.setOffline(false);

    // Offline, the other deal moved to the North is in the view at once.
    await board(huy, link);
    await keptForOffline(huy);
    await huyContext.setOffline(true);
    await expect(card(huy, south)).toHaveCount(0);
    await huy.getByTestId('views').click();
    await huy.getByTestId('view-all').click();
    await setRegion(huy, south, region, 'North');
    await huy.getByTestId('views').click();
    await huy.getByTestId('view-option').filter({ hasText: viewName }).click();
    await expect(card(huy, north)).toBeVisible();
    await expect(card(huy, south)).toBeVisible();
    await huyContext.setOffline(false);
    await waitSynced(huy);

    // Its maker deletes it.
    huy.once('dialog', (dialog) => dialog.accept());
    await huy.getByTestId('view-delete').click();
    await expect(huy.getByTestId('view-current')).toHaveText('All');
    await waitSynced(huy);
  } finally {
    await huyContext.close();
    await davidContext.close();
    await deleteField(page, weighted);
    await deleteField(page, region);
  }
});

test('the list keeps its search, sort, grouping and conditions in its address', async ({ page }) => {
  await page.goto('/list');
  const list = page.getByTestId('list');
  await expect(list).toBeVisible();
  await waitSynced(page);
  await list.getByTestId('group-by').selectOption('stage');
  await expect(page).toHaveURL(/group=stage/);
  await list.getByRole('button', { name: 'Expected revenue' }).click();
  await list.getByRole('button', { name: 'Expected revenue' }).click();
  await expect(page).toHaveURL(/sort=-revenue/);
  await page.getByTestId('filter-toggle').click();
  const panel = page.getByTestId('filter-panel');
  await panel.getByTestId('filter-add').click();
  const row = panel.getByTestId('filter-row').last();
  await row.getByTestId('filter-field').selectOption({ label: 'Probability' });
  await row.getByTestId('filter-op').selectOption('more');
  await row.getByTestId('filter-number').fill('60');
  await expect(page).toHaveURL(/f=/);
  const probabilities = async () =>
    (await list.locator('[data-testid=row] td.probability').allTextContents()).map((t) => parseInt(t, 10));
  await expect.poll(async () => (await probabilities()).every((p) => p > 60)).toBe(true);
  // After a reload the list is the same.
  await page.reload();
  await expect(list.getByTestId('group-by')).toHaveValue('stage');
  await expect(page.getByTestId('filter-conditions')).toHaveText('1');
  await expect.poll(async () => (await probabilities()).every((p) => p > 60)).toBe(true);
});

/** Text as a filter compares it: without accents or case. */
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();

test('the leads and the contacts take conditions and saved views too', async ({ page }) => {
  // The leads: those whose title holds the first one's first word.
  await page.goto('/leads');
  const leads = page.getByTestId('leads');
  await expect(leads.getByTestId('lead').first()).toBeVisible();
  await waitSynced(page);
  const word = (await leads.getByTestId('lead').first().locator('.row-title').innerText()).split(' ')[0];
  await page.getByTestId('filter-toggle').click();
  await page.getByTestId('filter-panel').getByTestId('filter-add').click();
  const row = page.getByTestId('filter-row').last();
  await row.getByTestId('filter-field').selectOption({ label: 'Title' });
  await row.getByTestId('filter-op').selectOption('contains');
  await row.getByTestId('filter-value').fill(word);
  await expect.poll(async () => {
    const titles = await leads.locator('[data-testid=lead] .row-title').allInnerTexts();
    return titles.length > 0 && titles.every((t) => fold(t).includes(fold(word)));
  }).toBe(true);
  const name = unique('Leads with');
  await page.getByTestId('view-save').click();
  await page.getByTestId('save-view-form').locator('input[name=view-name]').fill(name);
  await page.getByTestId('view-save-submit').click();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await page.reload();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await expect(page.getByTestId('filter-conditions')).toHaveText('1');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('view-current')).toHaveText('All');

  // The contacts: those whose name holds the first one's last word.
  await page.goto('/contacts');
  const contacts = page.getByTestId('contacts');
  await expect(contacts.getByTestId('contact-row').first()).toBeVisible();
  const last = (await contacts.getByTestId('contact-row').first().locator('.row-title').innerText()).split(' ').pop()!;
  await page.getByTestId('filter-toggle').click();
  await page.getByTestId('filter-panel').getByTestId('filter-add').click();
  const condition = page.getByTestId('filter-row').last();
  await condition.getByTestId('filter-field').selectOption({ label: 'Name' });
  await condition.getByTestId('filter-op').selectOption('contains');
  await condition.getByTestId('filter-value').fill(last);
  await expect(page).toHaveURL(/f=/);
  await expect(page.getByTestId('filter-conditions')).toHaveText('1');
  await expect.poll(async () => {
    const names = await contacts.locator('[data-testid=contact-row] .row-title').allInnerTexts();
    return names.length > 0 && names.every((n) => fold(n).includes(fold(last)));
  }).toBe(true);
});

test('a view keeps the list columns chosen, the file has those columns, and it opens by default on every device', async ({ page, browser }) => {
  await page.goto('/list');
  const list = page.getByTestId('list');
  await expect(list.getByTestId('row').first()).toBeVisible();
  await waitSynced(page);
  const headings = () => list.locator('thead th').allInnerTexts();
  expect((await headings()).join('|')).toContain('Probability');
  // Probability and priority taken off: the address says so, the rows lose those cells.
  await page.getByTestId('columns-menu').locator('summary').click();
  const menu = page.getByTestId('columns-menu');
  await menu.getByLabel('Probability').uncheck();
  await menu.getByLabel('Priority').uncheck();
  await expect(page).toHaveURL(/cols=/);
  await expect.poll(async () => (await headings()).join('|')).not.toContain('Probability');
  await expect(list.locator('[data-testid=row] td.probability')).toHaveCount(0);
  await expect(list.locator('[data-testid=row]').first().locator('td')).toHaveCount((await headings()).length);
  await page.screenshot({ path: `screenshots/views-columns-${test.info().project.name}.png` });
  await page.getByTestId('columns-menu').locator('summary').click();

  // Saved as a view: opened again after "All", the columns are its own.
  const name = unique('Narrow list');
  await page.getByTestId('view-save').click();
  await page.getByTestId('save-view-form').locator('input[name=view-name]').fill(name);
  await page.getByTestId('view-save-submit').click();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await waitSynced(page);
  await page.getByTestId('views').click();
  await page.getByTestId('view-all').click();
  await expect.poll(async () => (await headings()).join('|')).toContain('Probability');
  await page.getByTestId('views').click();
  await page.getByTestId('view-option').filter({ hasText: name }).click();
  await expect.poll(async () => (await headings()).join('|')).not.toContain('Probability');
  await expect(page.getByTestId('view-edited')).toHaveCount(0);

  // The file has the columns shown.
  await openTools(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const header = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0];
  expect(header).toContain('Expected revenue');
  expect(header).not.toContain('Probability');
  expect(header).not.toContain('Priority');

  // Opened by default: on another device of the same person the bare list opens with it; and
  // no longer once taken off.
  const toggle = page.getByTestId('view-default-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await waitSynced(page);
  const other = await browser.newContext();
  try {
    const phone = await other.newPage();
    await phone.goto('/list');
    await expect(phone.getByTestId('view-current')).toHaveText(name);
    await expect(phone).toHaveURL(/cols=/);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await waitSynced(page);
    // Its copy opens the page as it last knew it (offline-first) until it has synced and kept
    // the news: opened again until then.
    await expect
      .poll(
        async () => {
          await phone.goto('/list');
          await expect(phone.getByTestId('list').getByTestId('row').first()).toBeVisible();
          await waitSynced(phone);
          return phone.getByTestId('view-current').innerText();
        },
        { timeout: 45_000, intervals: [500, 1000, 2000] },
      )
      .toBe('All');
    await expect(phone).not.toHaveURL(/cols=/);
  } finally {
    await other.close();
    // Never left as the admin's default: the other tests open the list bare.
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
    await waitSynced(page);
  }

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('view-current')).toHaveText('All');
});

test('the activities take conditions and a saved view that keeps whose they are and the calendar', async ({ page }) => {
  // An address of before named the calendar `view`: it opens the calendar still, under `cal`.
  await page.goto('/activities?view=week');
  await expect(page).toHaveURL(/cal=week/);
  await expect(page).not.toHaveURL(/view=week/);
  await expect(page.getByTestId('view-week')).toHaveClass(/on/);
  await page.getByTestId('view-list').click();
  await expect(page).not.toHaveURL(/cal=/);
  await page.getByTestId('everyones-activities').click();
  await expect(page).toHaveURL(/who=all/);
  const list = page.getByTestId('my-activities');
  const rows = list.getByTestId('activity');
  await expect(rows.first()).toBeVisible();
  await waitSynced(page);
  const everyone = await rows.count();
  // Those whose summary holds the first one's first word.
  const word = (await rows.first().locator('.activity-summary').innerText()).split(' ')[0];
  await page.getByTestId('filter-toggle').click();
  await page.getByTestId('filter-panel').getByTestId('filter-add').click();
  const row = page.getByTestId('filter-row').last();
  await row.getByTestId('filter-field').selectOption({ label: 'Summary' });
  await row.getByTestId('filter-op').selectOption('contains');
  await row.getByTestId('filter-value').fill(word);
  await expect.poll(async () => {
    const summaries = await list.locator('[data-testid=activity] .activity-summary').allInnerTexts();
    return summaries.length > 0 && summaries.every((s) => fold(s).includes(fold(word)));
  }).toBe(true);
  const kept = await rows.count();
  expect(kept).toBeLessThanOrEqual(everyone);
  const name = unique('Activities with');
  await page.getByTestId('view-save').click();
  await page.getByTestId('save-view-form').locator('input[name=view-name]').fill(name);
  await page.getByTestId('view-save-submit').click();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await page.screenshot({ path: `screenshots/views-activities-${test.info().project.name}.png` });

  // Opened bare, then from the menu: everyone's and the conditions come back, counted the same.
  await page.goto('/activities');
  await expect(page).not.toHaveURL(/who=all/);
  await page.getByTestId('views').click();
  const option = page.getByTestId('view-option').filter({ hasText: name });
  await expect(option.getByTestId('view-count')).toHaveText(String(kept));
  await option.click();
  await expect(page).toHaveURL(/who=all/);
  await expect(page.getByTestId('everyones-activities')).toHaveClass(/on/);
  await expect(page.getByTestId('filter-conditions')).toHaveText('1');
  await expect(rows).toHaveCount(kept);
  // The calendar is the page's own: switched, the view is edited.
  await page.getByTestId('view-month').click();
  await expect(page.getByTestId('view-edited')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('view-current')).toHaveText('All');
});
