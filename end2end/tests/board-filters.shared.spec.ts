// The board's search and quick filters: words found without accents in the deal and its
// customer, kept in the address (a reload, a link sent to a colleague), mine / a salesperson,
// activities due; column totals in the organisation's currency with the weighted total.
import { expect, test } from '@playwright/test';
import { card, openBoard, openIn, quickCreate, totalCount, unique } from './helpers';

test('search and quick filters narrow the board and stay in its address', async ({ page }) => {
  await openBoard(page);
  const everyone = await totalCount(page);
  const token = unique('Lọc').split(' ')[1];
  await quickCreate(page, 0, `Máy lọc nước ${token}`, 'Nguyễn Thị Hoà', '120000000');
  await quickCreate(page, 1, `Bàn ghế ${token}`, 'Trần Văn Minh', '80000000');
  await expect(card(page, token)).toHaveCount(2);

  const search = page.getByTestId('board-search');
  await search.fill(token);
  await expect(page.getByTestId('filter-count')).toHaveText('Deals shown: 2');
  expect(await totalCount(page)).toBe(2);
  // Without accents, as people type on a phone.
  await search.fill(`nguyen thi hoa ${token}`);
  await expect(page.getByTestId('filter-count')).toHaveText('Deals shown: 1');
  await expect(card(page, `Máy lọc nước ${token}`)).toBeVisible();
  await expect(page).toHaveURL(/\?q=nguyen/);
  // The column's total is that of the deals shown, with its weighted part.
  const column = page.getByTestId('column').filter({ has: card(page, token) });
  await expect(column.getByTestId('total')).toHaveText('₫120,000,000');
  await expect(column.getByTestId('weighted')).toHaveText(/^weighted ₫[\d,]+$/);

  // The address keeps the filter: a reload, or the link in a colleague's browser.
  await page.reload();
  await expect(search).toHaveValue(`nguyen thi hoa ${token}`);
  await expect(page.getByTestId('filter-count')).toHaveText('Deals shown: 1');

  // Mine: the deal is its creator's. Another salesperson: none.
  await search.fill(token);
  await page.getByTestId('filter-mine').click();
  await expect(page.getByTestId('filter-mine')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('filter-count')).toHaveText('Deals shown: 2');
  const someoneElse = await page
    .getByTestId('filter-owner')
    .evaluate((s: HTMLSelectElement) => [...s.options].find((o) => o.value.length > 10 && !o.text.includes('Nguyễn Thu Trang'))?.value);
  await page.getByTestId('filter-owner').selectOption(someoneElse!);
  await expect(page.getByTestId('filter-count')).toHaveText('Deals shown: 0');
  await page.screenshot({ path: `screenshots/board-filters-${test.info().project.name}.png` });

  // A customer's email, kept on their contact rather than the deal, finds their deals too.
  await page.getByTestId('filter-owner').selectOption('');
  await search.fill('example.vn');
  await expect(page.getByTestId('filter-count')).toHaveText(/^Deals shown: [1-9]/);

  await page.getByTestId('filter-clear').click();
  await expect(page.getByTestId('filter-count')).toHaveCount(0);
  await expect(search).toHaveValue('');
  expect(await totalCount(page)).toBe(everyone + 2);

  // Activities overdue: every card left says so.
  await page.getByTestId('filter-due').selectOption('overdue');
  await expect(page.getByTestId('filter-count')).toBeVisible();
  const cards = page.getByTestId('card');
  const shown = await cards.count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(everyone);
  await expect(page.locator('[data-testid=card]:not(:has([data-due=overdue]))')).toHaveCount(0);
});

test('the board\'s search and filters in Persian, right to left', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  const token = unique('فیلتر').split(' ')[1];
  await quickCreate(page, 0, `فروش تجهیزات ${token}`, 'شرکت آریا', '45000000');
  const search = page.getByTestId('board-search');
  await search.fill(`تجهیزات ${token}`);
  await expect(page.getByTestId('filter-count')).toHaveText('فرصت‌های نمایش داده شده: ۱');
  await expect(card(page, token)).toHaveCount(1);
  // Column totals in Persian digits, the weighted part too.
  const column = page.getByTestId('column').filter({ has: card(page, token) });
  await expect(column.getByTestId('total')).toHaveText(/^\u200e₫۴۵٬۰۰۰٬۰۰۰$/);
  await expect(column.getByTestId('weighted')).not.toContainText(/[0-9]/);
  // Mine keeps it; the filter bar's controls read from the right.
  await page.getByTestId('filter-mine').click();
  await expect(page.getByTestId('filter-mine')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('filter-count')).toHaveText('فرصت‌های نمایش داده شده: ۱');
  const [searchBox, mineBox] = [await search.boundingBox(), await page.getByTestId('filter-mine').boundingBox()];
  if (mineBox!.y < searchBox!.y + searchBox!.height / 2) expect(mineBox!.x).toBeLessThan(searchBox!.x);
  // The search and the way out stay in sight, whatever the quick filters' line scrolled to.
  expect(searchBox!.x).toBeGreaterThanOrEqual(0);
  expect(searchBox!.x + searchBox!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expect(page.getByTestId('filter-clear')).toBeInViewport();
  await page.screenshot({ path: `screenshots/board-filters-fa-${test.info().project.name}.png` });
  await page.getByTestId('filter-clear').click();
  await expect(page.getByTestId('filter-count')).toHaveCount(0);
  await expect(page).not.toHaveURL(/q=/);
});
