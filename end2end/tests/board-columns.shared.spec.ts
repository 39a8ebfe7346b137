// The board's columns and cards as a manager reads them: days in stage on every card, deals
// rotting by their stage's setting (and a filter for them), tags by name, columns folded by the
// person and remembered, and on a desktop every column of the pipeline in view at 1366 px.
import { expect, type Page, test } from '@playwright/test';
import { column, openBoard, quickCreate, totalCount, unique, waitSynced } from './helpers';

/** The name of the first column's stage. */
async function firstStage(page: Page): Promise<string> {
  return (await column(page, 0).locator('.stage-name').innerText()).trim();
}

/** Sets a stage's rotting days in Settings → Stages. */
async function setRotting(page: Page, stage: string, days: string) {
  await page.goto('/settings/stages');
  const row = page.getByTestId('stage-row');
  await expect(row.first()).toBeVisible();
  // In step with the server first: a row is drawn again when a pull brings its stage changed.
  await waitSynced(page);
  const names = await row.locator('input[name=stage-name]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const at = row.nth(names.indexOf(stage));
  await at.locator('input[name=stage-rotting]').fill(days);
  await at.getByTestId('save-stage').click();
  await expect(at.locator('input[name=stage-rotting]')).toHaveValue(days);
  await waitSynced(page);
}

test('cards say their days in stage; rotting ones are marked, filtered, and follow the stage setting', async ({ page }) => {
  await openBoard(page);
  const everyone = await totalCount(page);
  const title = unique('Rotting check');
  await quickCreate(page, 0, title, 'Phạm Văn Tú', '15000000');
  const fresh = page.getByTestId('card').filter({ hasText: title });
  await expect(fresh.getByTestId('days-in-stage')).toHaveText('0d');
  await expect(fresh.getByTestId('days-in-stage')).toHaveAttribute('title', 'In this stage for 0 days');
  await expect(fresh.getByTestId('days-in-stage')).not.toHaveClass(/rotting/);

  // The demo has deals untouched for weeks: only they are kept, each marked and named why.
  await page.getByTestId('filter-rotting').click();
  await expect(page).toHaveURL(/rotting=1/);
  await expect(page.getByTestId('filter-count')).toBeVisible();
  const rotting = await totalCount(page);
  expect(rotting).toBeGreaterThan(0);
  expect(rotting).toBeLessThan(everyone);
  await expect(page.locator('[data-testid=card]:not(:has(.card-days.rotting))')).toHaveCount(0);
  await expect(page.locator('.card-days.rotting').first()).toHaveAttribute('title', /^Rotting: no change for \d+ days$/);
  await expect(fresh).toHaveCount(0);
  await page.screenshot({ path: `screenshots/board-rotting-${test.info().project.name}.png` });

  // A stage set never to rot keeps none of its deals under the filter.
  const stage = await firstStage(page);
  await setRotting(page, stage, '0');
  await page.goto('/?rotting=1');
  await expect(page.getByTestId('filter-count')).toBeVisible();
  await expect(page.getByTestId('column').filter({ hasText: stage }).first().getByTestId('card')).toHaveCount(0);
  // Bad input is refused, with the reason, and nothing saved.
  await page.goto('/settings/stages');
  const row = page.getByTestId('stage-row').first();
  await expect(row).toBeVisible();
  await waitSynced(page);
  await row.locator('input[name=stage-rotting]').fill('99999');
  await row.getByTestId('save-stage').click();
  await expect(row.getByTestId('form-error')).toHaveText('Rotting days must be a whole number from 0 to 3650');
  await setRotting(page, stage, '14');
});

test('tags are named on the cards, and a folded column stays folded after a reload', async ({ page }) => {
  await openBoard(page);
  const tagged = page.getByTestId('card-tag').first();
  await expect(tagged).toBeVisible();
  expect((await tagged.innerText()).trim().length).toBeGreaterThan(1);
  // A card with two tags: a narrow one names the first readably and counts the other; a wide
  // one names both.
  const two = page.getByTestId('card').filter({ has: page.getByTestId('card-tag').nth(1) }).first();
  await expect(two).toBeVisible();
  const width = (await two.boundingBox())!.width;
  const [firstTag, secondTag] = [two.getByTestId('card-tag').nth(0), two.getByTestId('card-tag').nth(1)];
  if (width <= 240) {
    await expect(two.getByTestId('card-tags-more')).toHaveText(/^\+\d$/);
    await expect(secondTag).toBeHidden();
    expect((await firstTag.boundingBox())!.width).toBeGreaterThan(36);
  } else {
    await expect(two.getByTestId('card-tags-more')).toBeHidden();
    expect((await secondTag.boundingBox())!.width).toBeGreaterThan(30);
  }

  const second = column(page, 1);
  await second.getByTestId('fold-column').click();
  await expect(second).toHaveClass(/folded/);
  await expect(second.getByTestId('fold-column')).toHaveAttribute('aria-expanded', 'false');
  await expect(second.getByTestId('card')).toHaveCount(0);
  await page.reload();
  await expect(column(page, 1)).toHaveClass(/folded/);
  await column(page, 1).getByTestId('fold-column').click();
  await expect(column(page, 1)).not.toHaveClass(/folded/);
  await page.reload();
  await expect(column(page, 0)).toBeVisible();
  await expect(column(page, 1)).not.toHaveClass(/folded/);
});
