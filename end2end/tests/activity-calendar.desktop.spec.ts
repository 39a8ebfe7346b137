// A drag on the month calendar reaches a week below the fold: held near the window's bottom
// edge, the page scrolls under it (a mouse on a short desktop window; tested once).
import { expect, test } from '@playwright/test';

test('an activity held at the bottom edge scrolls the month, and is dropped on a day that was out of sight', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 520 });
  await page.goto('/activities?cal=month');
  const calendar = page.getByTestId('activity-calendar');
  const chip = calendar.locator('.cal-day:not(.outside) [data-testid=cal-activity]:not(.done)').first();
  await expect(chip).toBeVisible();
  const id = (await chip.getAttribute('data-id'))!;
  const days = await calendar.locator('.cal-day:not(.outside)').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-day')!));
  const to = days[days.length - 1];
  const target = page.locator(`[data-day="${to}"]`);
  // The month's last day is below the fold at first.
  expect((await target.boundingBox())!.y).toBeGreaterThan(520);

  const from = (await chip.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 15, { steps: 2 });
  await page.mouse.move(from.x + from.width / 2, 515, { steps: 8 });
  // Resting there, the page scrolls until the last week is in view.
  await expect.poll(async () => (await target.boundingBox())!.y + 20 < 515, { timeout: 10_000 }).toBe(true);
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect(calendar.locator(`[data-day="${to}"] [data-id="${id}"]`)).toBeVisible();
  await expect(page.getByTestId('undo-toast')).toContainText('Moved to');
  await page.getByTestId('undo').click();
  await expect(calendar.locator(`[data-day="${to}"] [data-id="${id}"]`)).toHaveCount(0);
});
