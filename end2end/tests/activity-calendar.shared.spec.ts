// Activities on a calendar: a month and a week in the reader's calendar, an activity dragged to
// another day (a mouse on a desktop, a long press then a drag on a phone) and moved back with
// Undo (the calendar feed is in calendar-feed.desktop.spec.ts).
import { expect, type Page, test } from '@playwright/test';
import { card, openBoard, openIn, quickCreate, touchDrag, unique } from './helpers';

/** Drags like a person: the mouse past its slop, or a finger after a long press. */
async function dragTo(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  if (test.info().project.name === 'desktop') {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 5, { steps: 2 });
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
    return;
  }
  await touchDrag(page, from, to, 500);
}

async function centre(page: Page, selector: string) {
  const box = (await page.locator(selector).first().boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 12) };
}

test('an activity dragged to another day on the month calendar is moved there, and back with Undo', async ({ page }) => {
  await page.goto('/activities?view=month');
  const calendar = page.getByTestId('activity-calendar');
  await expect(calendar).toBeVisible();
  await expect(page.getByTestId('view-month')).toHaveClass(/on/);
  const days = await calendar.getByTestId('cal-day').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-day')!));
  expect(days.length % 7).toBe(0);
  // The demo plans activities around today: one of this month's, dragged two days on.
  const chip = calendar.locator('.cal-day:not(.outside) [data-testid=cal-activity]:not(.done)').first();
  await expect(chip).toBeVisible();
  const id = (await chip.getAttribute('data-id'))!;
  const from = (await chip.locator('xpath=ancestor::div[@data-day]').getAttribute('data-day'))!;
  const at = days.indexOf(from);
  const to = days[at + 2 < days.length ? at + 2 : at - 2];
  await page.screenshot({ path: `screenshots/activity-calendar-${test.info().project.name}.png` });
  await dragTo(page, await centre(page, `[data-testid=cal-activity][data-id="${id}"]`), await centre(page, `[data-day="${to}"]`));
  await expect(calendar.locator(`[data-day="${to}"] [data-id="${id}"]`)).toBeVisible();
  await expect(page.getByTestId('undo-toast')).toContainText('Moved to');
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
  // Kept by the server: a reload shows it on its new day.
  await page.reload();
  await expect(page.locator(`[data-day="${to}"] [data-id="${id}"]`)).toBeVisible();
  // Dragged back, then undone: back on the new day, as Undo says.
  await dragTo(page, await centre(page, `[data-testid=cal-activity][data-id="${id}"]`), await centre(page, `[data-day="${from}"]`));
  await expect(page.locator(`[data-day="${from}"] [data-id="${id}"]`)).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.locator(`[data-day="${to}"] [data-id="${id}"]`)).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');

  // On a phone the month shows pictures; a day tapped lists its activities in words below.
  if (test.info().project.name !== 'desktop') {
    await page.locator(`[data-day="${to}"]`).click({ position: { x: 4, y: 4 } });
    await expect(page.getByTestId('cal-agenda').locator(`[data-id="${id}"] .cal-text`)).toBeVisible();
    // Its picture, tapped, chooses its day too (rather than leaving the page).
    await page.locator(`[data-day="${from}"]`).click({ position: { x: 4, y: 4 } });
    await expect(page.getByTestId('cal-agenda').locator(`[data-id="${id}"]`)).toHaveCount(0);
    await page.locator(`[data-day="${to}"] [data-id="${id}"]`).tap();
    await expect(page).toHaveURL(/cal=month/);
    await expect(page.getByTestId('cal-agenda').locator(`[data-id="${id}"] .cal-text`)).toBeVisible();
    await page.screenshot({ path: `screenshots/activity-calendar-day-${test.info().project.name}.png` });
  }

  // The week holding the chosen day: seven days, the next week a step on.
  await page.getByTestId('view-week').click();
  await expect(page).toHaveURL(/cal=week/);
  await expect(page.getByTestId('cal-day')).toHaveCount(7);
  const title = await page.getByTestId('cal-title').innerText();
  await page.getByTestId('cal-after').click();
  await expect(page.getByTestId('cal-title')).not.toHaveText(title);
  await page.getByTestId('cal-today').click();
  await expect(page.getByTestId('cal-title')).toHaveText(title);
  await page.screenshot({ path: `screenshots/activity-week-${test.info().project.name}.png` });
  await page.getByTestId('view-list').click();
  await expect(page.getByTestId('day-group').first()).toBeVisible();
});

test('the calendar in Persian: Solar Hijri months, weeks from Saturday', async ({ page }) => {
  await openIn(page, 'fa', 'به‌روز');
  await page.goto('/activities?cal=month');
  await expect(page.getByTestId('cal-title')).toHaveText(/^(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴[۰-۹]{2}$/);
  await expect(page.locator('.cal-weekday').first()).toHaveText('ش');
  await expect(page.getByTestId('cal-day').first().locator('.cal-date')).toHaveText(/^[۰-۹]+$/);
  await page.screenshot({ path: `screenshots/activity-calendar-fa-${test.info().project.name}.png` });

  // Dragged a day on, right to left: the day after is to the left, and lands there.
  const calendar = page.getByTestId('activity-calendar');
  const days = await calendar.getByTestId('cal-day').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-day')!));
  const chip = calendar.locator('.cal-day:not(.outside) [data-testid=cal-activity]:not(.done)').first();
  await expect(chip).toBeVisible();
  const id = (await chip.getAttribute('data-id'))!;
  const from = (await chip.locator('xpath=ancestor::div[@data-day]').getAttribute('data-day'))!;
  const at = days.indexOf(from);
  const to = days[at % 7 === 6 ? at - 1 : at + 1];
  const [fromBox, toBox] = [await page.locator(`[data-day="${from}"]`).boundingBox(), await page.locator(`[data-day="${to}"]`).boundingBox()];
  if (to > from) expect(toBox!.x).toBeLessThan(fromBox!.x);
  else expect(toBox!.x).toBeGreaterThan(fromBox!.x);
  await dragTo(page, await centre(page, `[data-testid=cal-activity][data-id="${id}"]`), await centre(page, `[data-day="${to}"]`));
  await expect(calendar.locator(`[data-day="${to}"] [data-id="${id}"]`)).toBeVisible();
  // Said in Persian, the day in the Solar Hijri calendar and Persian digits.
  await expect(page.getByTestId('undo-toast')).toContainText(/به .*[۰-۹].* منتقل شد/);
  await expect(page.getByTestId('undo-toast')).not.toContainText(/[0-9]/);
  await page.getByTestId('undo').click();
  await expect(calendar.locator(`[data-day="${from}"] [data-id="${id}"]`)).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveText('به‌روز');
});

test('a busy day of the month shows three activities and "+N more", which shows the rest', async ({ page }) => {
  await openBoard(page);
  const title = unique('Busy day');
  await quickCreate(page, 0, title, 'Công ty Bận Rộn', '10000000');
  await card(page, title).locator('.card-title').click();
  const panel = page.getByTestId('editor').getByTestId('activity-panel');
  // The due date says what it is while empty.
  await expect(panel.getByTestId('activity-due-input')).toHaveAttribute('placeholder', 'Due date');
  for (const n of [1, 2, 3, 4]) {
    await panel.getByTestId('activity-type').selectOption({ index: 1 });
    await panel.getByTestId('activity-due-input').fill(new Date().toISOString().slice(0, 10));
    await panel.getByTestId('activity-summary').fill(`${title} ${n}`);
    await panel.getByTestId('schedule').click();
  }
  await expect(panel.getByTestId('activity')).toHaveCount(4);
  await page.getByTestId('deal-back').click();

  await page.goto('/activities?cal=month');
  const today = page.locator('.cal-day.today');
  await expect(today.getByTestId('cal-activity')).toHaveCount(3);
  const more = today.getByTestId('cal-more');
  await expect(more).toHaveText(/^\+\d+ more$/);
  const hidden = Number((await more.innerText()).match(/\d+/)![0]);
  expect(hidden).toBeGreaterThanOrEqual(1);
  await more.click();
  if (test.info().project.name === 'desktop') {
    await expect(today.getByTestId('cal-activity')).toHaveCount(3 + hidden);
    await expect(today.getByTestId('cal-more')).toHaveCount(0);
    for (const n of [1, 2, 3, 4]) await expect(today.locator('.cal-text', { hasText: `${title} ${n}` })).toHaveCount(1);
  } else {
    // A phone lists the day under the month.
    const agenda = page.getByTestId('cal-agenda');
    await expect(agenda.getByTestId('cal-activity')).toHaveCount(3 + hidden);
    for (const n of [1, 2, 3, 4]) await expect(agenda.locator('.cal-text', { hasText: `${title} ${n}` })).toBeVisible();
  }
  await page.screenshot({ path: `screenshots/activity-calendar-more-${test.info().project.name}.png` });
});
