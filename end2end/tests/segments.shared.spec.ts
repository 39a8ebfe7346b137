// Segments (#15 item 4): saved filters over companies and contacts across their links. A
// manager keeps "companies with a won deal" (the companies' deals: has one where the stage is
// Won), sees the live count, checks it against its opposite (has none), saves it as a view,
// exports it, and keeps "contacts of those companies" on the contacts list. Online the server
// says what a segment keeps over everything the organisation holds (the browser's copy keeps a
// year of closed deals), and the list and its file hold those, fetched when the copy lacks
// them; offline the list stays as the server last said.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page, type Response } from '@playwright/test';
import { keptForOffline, unique, waitSynced, openTools } from './helpers';

async function count(page: Page): Promise<number> {
  const text = await page.getByTestId('list-count').innerText();
  return parseInt(text.replace(/[^0-9]/g, ''), 10);
}

/** Adds a condition on `field` to the filter itself (`scope` the panel) or to a linked block
 * (`scope` its `filter-linked`), and gives its row. */
async function addCondition(scope: Locator, field: string) {
  const linked = (await scope.getAttribute('data-testid')) === 'filter-linked';
  const rows = scope.getByTestId('filter-row');
  const before = await rows.count();
  // A block's own "add" is its last (a block nested in it comes before).
  await scope.getByTestId(linked ? 'filter-add-linked' : 'filter-add').last().click();
  const row = rows.nth(before);
  await row.getByTestId('filter-field').selectOption({ label: field });
  return row;
}

/** The server's answer to the segment's next conditions (to wait for before they are set). */
function segmentAsked(page: Page): Promise<Response> {
  return page.waitForResponse((r) => r.url().includes('/api/segment'));
}

/** What the server counts in the segment, once it has `answered` the conditions shown. */
async function served(page: Page, answered: Promise<Response>): Promise<number> {
  expect((await answered).status()).toBe(200);
  const inAll = page.getByTestId('segment-in-all');
  await expect(inAll).toContainText('in all');
  return Number((await inAll.innerText()).replace(/\D/g, ''));
}

/** Ticks every stage called Won (each team may have its own). */
async function tickWon(row: Locator) {
  const won = row.getByTestId('filter-choices').getByLabel('Won', { exact: true });
  for (const box of await won.all()) await box.check();
}

test('a segment of companies by their deals, with its count, its view, its file and its contacts', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/companies');
  const list = page.getByTestId('contacts');
  await expect(list.getByTestId('company-row').first()).toBeVisible();
  await waitSynced(page);
  await expect.poll(() => count(page)).toBeGreaterThan(0);
  const all = await count(page);

  // The companies' deals: has one where the stage is Won.
  await page.getByTestId('filter-toggle').click();
  const panel = page.getByTestId('filter-panel');
  // With no condition of its own it keeps the companies with a deal at all.
  let answered = segmentAsked(page);
  const deals = await addCondition(panel, 'Opportunities');
  const withDeals = await served(page, answered);
  const ofDeals = panel.getByTestId('filter-linked').first();
  await expect(deals.getByTestId('filter-op')).toHaveValue('has');
  await expect(page.getByTestId('filter-linked')).toHaveCount(1);
  await expect(page).toHaveURL(/f=.*has/);
  await expect.poll(() => count(page)).toBe(withDeals);
  const stage = await addCondition(ofDeals, 'Stage');
  // Asked of the server, the count takes in the deals won before the copy's year too (the
  // demo's past); the list holds those companies, fetched when the copy lacks them, and its
  // file too (below).
  answered = segmentAsked(page);
  await tickWon(stage);
  const customers = await served(page, answered);
  expect(customers).toBeGreaterThan(0);
  expect(customers).toBeLessThan(withDeals);
  await expect.poll(() => count(page)).toBe(customers);
  await expect(page).toHaveURL(/f=.*has/);
  // Links nest three deep at most: the deals' contact reaches across, the contact's conditions
  // do not (no "has one where" on its company, no list of its deals).
  const theirContact = await addCondition(ofDeals, 'Contact');
  await theirContact.getByTestId('filter-op').selectOption('has');
  const ofTheirContact = ofDeals.getByTestId('filter-linked').first();
  const deepest = await addCondition(ofTheirContact, 'Company');
  await expect(deepest.getByTestId('filter-field').locator('option', { hasText: 'Opportunities' })).toHaveCount(0);
  await expect(deepest.getByTestId('filter-op').locator('option[value=contains]')).toHaveCount(1);
  await expect(deepest.getByTestId('filter-op').locator('option[value=has]')).toHaveCount(0);
  await expect(page.getByTestId('filter-linked')).toHaveCount(2);
  await theirContact.getByTestId('filter-remove').click();
  await expect(page.getByTestId('filter-linked')).toHaveCount(1);
  await expect.poll(() => count(page)).toBe(customers);
  // Its opposite keeps every other company: together they hold every company of the copy (and
  // those of the organisation's past the copy does not).
  answered = segmentAsked(page);
  await deals.getByTestId('filter-op').selectOption('has_none');
  const others = await served(page, answered);
  await expect.poll(() => count(page)).toBe(others);
  expect(others + customers).toBeGreaterThanOrEqual(all);
  await deals.getByTestId('filter-op').selectOption('has');
  await expect.poll(() => count(page)).toBe(customers);
  // A second condition on the deals narrows it: none is worth a quadrillion.
  const worth = await addCondition(ofDeals, 'Expected revenue');
  await worth.getByTestId('filter-op').selectOption('more');
  await worth.getByTestId('filter-number').fill('1000000000000000');
  await expect.poll(() => count(page)).toBe(0);
  await expect(list.getByTestId('company-row')).toHaveCount(0);
  await worth.getByTestId('filter-remove').click();
  await expect.poll(() => count(page)).toBe(customers);
  const names = await list.locator('[data-testid=company-row] .row-title').allInnerTexts();
  await expect(page.getByTestId('segment-in-all')).toBeVisible();
  await page.screenshot({ path: `screenshots/segments-companies-${test.info().project.name}.png` });

  // Saved as a view: the menu counts it, and its address opens it again.
  const name = unique('Customers');
  await page.getByTestId('view-save').click();
  await page.getByTestId('save-view-form').locator('input[name=view-name]').fill(name);
  await page.getByTestId('view-save-submit').click();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await waitSynced(page);
  await page.getByTestId('views').click();
  await expect(page.getByTestId('view-option').filter({ hasText: name }).getByTestId('view-count')).toHaveText(String(customers));
  await page.getByTestId('views').click();
  await page.reload();
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await expect.poll(() => count(page)).toBe(customers);
  // A link that names only the view opens it whole.
  const id = new URL(page.url()).searchParams.get('view');
  await page.goto(`/companies?view=${id}`);
  await expect(page.getByTestId('view-current')).toHaveText(name);
  await expect(page).toHaveURL(/f=/);
  await expect.poll(() => count(page)).toBe(customers);

  // Its file has those companies, one row each.
  await openTools(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines.length - 1).toBe(customers);
  expect(csv).toContain(names[0].includes(',') ? `"${names[0]}"` : names[0]);

  // The contacts of those companies: their company has one where its deals have one won.
  await page.getByTestId('show-contacts-list').click();
  await expect(page).toHaveURL(/\/contacts$/);
  const contacts = page.getByTestId('contacts');
  await expect(contacts.getByTestId('contact-row').first()).toBeVisible();
  const everyone = await count(page);
  await page.getByTestId('filter-toggle').click();
  const filters = page.getByTestId('filter-panel');
  const company = await addCondition(filters, 'Company');
  await company.getByTestId('filter-op').selectOption('has');
  const ofCompany = filters.getByTestId('filter-linked').first();
  const theirDeals = await addCondition(ofCompany, 'Opportunities');
  await expect(theirDeals.getByTestId('filter-op')).toHaveValue('has');
  await addCondition(ofCompany.getByTestId('filter-linked').first(), 'Stage').then(tickWon);
  await expect.poll(() => count(page)).toBeLessThan(everyone);
  const kept = await count(page);
  expect(kept).toBeGreaterThan(0);
  const companies = await contacts.locator('[data-testid=contact-row] span:nth-child(2)').allInnerTexts();
  for (const c of companies) expect(names).toContain(c);
  await page.screenshot({ path: `screenshots/segments-contacts-${test.info().project.name}.png` });

  // Offline, the segments count on the browser's copy.
  await keptForOffline(page);
  await page.context().setOffline(true);
  await page.getByTestId('show-companies').click();
  await page.getByTestId('views').click();
  await page.getByTestId('view-option').filter({ hasText: name }).click();
  await expect.poll(() => count(page)).toBe(customers);
  await page.context().setOffline(false);
  await waitSynced(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('view-delete').click();
  await expect(page.getByTestId('view-current')).toHaveText('All');
  await waitSynced(page);
});
