// The board at both sizes: it renders the demo pipeline, a created card survives a reload and
// reaches the server, bad input is refused with a message, and the language can be switched.
import { expect, test } from '@playwright/test';
import { card, column, countOf, openBoard, quickCreate, unique, waitSynced, chooseLanguage } from './helpers';

test('the board shows the stages in order with counts, totals and cards', async ({ page }, testInfo) => {
  await openBoard(page);
  const names = await page.locator('.stage-name').allInnerTexts();
  // Every team's board: the shared stages and each team's own, in their order (other tests
  // may have added stages after these).
  const demo = [
    'New',
    'Qualified',
    'Demo / Trình diễn',
    'Site survey / Khảo sát',
    'Proposition',
    'Negotiation',
    'Won',
  ];
  expect(names.filter((n) => demo.includes(n))).toEqual([
    'New',
    'Qualified',
    'Demo / Trình diễn',
    'Site survey / Khảo sát',
    'Proposition',
    'Negotiation',
    'Won',
  ]);
  const first = column(page, 0);
  const rendered = await first.getByTestId('card').count();
  const count = await countOf(page, 0);
  expect(rendered).toBeGreaterThan(0);
  // A long column renders the cards in view; scrolled to its end, its last card is there.
  expect(rendered).toBeLessThanOrEqual(count);
  await first.locator('.cards').evaluate((c) => (c.scrollTop = c.scrollHeight));
  await expect(first.locator('.spacer[data-next-id]')).toHaveCount(0);
  const last = await first.getByTestId('card').last().boundingBox();
  const box = await first.locator('.cards').boundingBox();
  expect(last && box && last.y + last.height <= box.y + box.height + 1).toBeTruthy();
  await first.locator('.cards').evaluate((c) => (c.scrollTop = 0));
  await expect(first.getByTestId('total')).toContainText('₫');
  await expect(first.getByTestId('card').first().locator('.star')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath(`board-${testInfo.project.name}.png`) });
  await testInfo.attach(`board-${testInfo.project.name}`, {
    path: testInfo.outputPath(`board-${testInfo.project.name}.png`),
    contentType: 'image/png',
  });
});

test('a created card survives a reload and reaches the server', async ({ page, browser }) => {
  await openBoard(page);
  const title = unique('Phần mềm CRM');
  const before = await countOf(page, 1);
  await quickCreate(page, 1, title, 'Công ty Minh Phát', '125.000.000');
  await expect(column(page, 1).getByTestId('card').first()).toContainText(title);
  await expect(card(page, title)).toContainText('125,000,000');
  expect(await countOf(page, 1)).toBe(before + 1);
  await waitSynced(page);

  await page.reload();
  await expect(column(page, 1).getByTestId('card').first()).toContainText(title);

  // A browser with an empty cache gets it from the server.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await openBoard(fresh);
  await expect(card(fresh, title)).toBeVisible();
  await expect(card(fresh, title)).toContainText('Công ty Minh Phát');
  await other.close();
});

test('bad input is refused with a message and nothing is created', async ({ page }) => {
  await openBoard(page);
  const before = await countOf(page, 0);
  await quickCreate(page, 0, '   ', 'Nobody', '10');
  await expect(column(page, 0).getByTestId('form-error')).toHaveText(/title is empty/);
  await column(page, 0).locator('input[name=title]').fill(unique('Amount check'));
  await column(page, 0).locator('input[name=revenue]').fill('12abc');
  await column(page, 0).getByRole('button', { name: 'Add', exact: true }).click();
  await expect(column(page, 0).getByTestId('form-error')).toHaveText(/amount as a number/);
  expect(await countOf(page, 0)).toBe(before);
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
});

test('priority stars change the card and persist', async ({ page }) => {
  await openBoard(page);
  const title = unique('Stars');
  await quickCreate(page, 0, title, 'Acme', '1');
  const stars = card(page, title).getByTestId('star');
  // A narrow card shows its unset stars while it is pointed at (a phone's wide cards, always).
  if (test.info().project.name === 'desktop') await card(page, title).hover();
  await stars.nth(2).click();
  await expect(card(page, title).locator('.star.on')).toHaveCount(3);
  await waitSynced(page);
  await page.reload();
  await expect(card(page, title).locator('.star.on')).toHaveCount(3);
});

test('the language follows the choice and survives a reload', async ({ page }) => {
  await openBoard(page);
  await chooseLanguage(page, 'vi');
  await expect(page.locator('.page-title')).toHaveText('Quy trình bán hàng');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await page.reload();
  await expect(page.getByTestId('sync-status')).toHaveText('Đã đồng bộ');
  // Money is written the Vietnamese way: dots between thousands, the symbol after.
  await expect(column(page, 0).getByTestId('card').first().locator('.card-revenue')).toHaveText(/^[\d.]+\s₫$|^[\d.]+,\d\d\sUS\$$/);
  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
});

test('a title with a right-to-left override or invisible characters is saved and shown without them', async ({ page }) => {
  await openBoard(page);
  const mark = unique('Invoice');
  await quickCreate(page, 0, `${mark} \u202Efdp.exe\u200B`, 'Công ty\u2066 Sao Mai', '1000000');
  await waitSynced(page);
  const shown = card(page, mark);
  await expect(shown.locator('.card-title')).toHaveText(`${mark} fdp.exe`);
  await expect(shown.locator('.card-customer')).toContainText('Công ty Sao Mai');
  const title = await shown.locator('.card-title').innerText();
  expect(/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/.test(title)).toBe(false);
});
