// A change the server refuses is not lost silently: the person sees which change and why, and
// the changes queued after it still go through.
import { expect, test } from '@playwright/test';
import { card, column, openBoard, quickCreate, unique, waitSynced } from './helpers';

test('a change the server refuses is shown with its reason and does not block the next', async ({ page }) => {
  await openBoard(page);
  const title = unique('Refused move');
  await quickCreate(page, 0, title, 'Delta Office Supplies', '1000');
  await waitSynced(page);
  const id = await card(page, title).getAttribute('data-id');

  // An outbox entry as a tab that was closed offline would leave it: a move into a stage that
  // no longer exists (another user deleted it meanwhile), then a valid change after it.
  const later = unique('After refusal');
  await page.evaluate(
    ([id]) => {
      const client = crypto.randomUUID();
      const entry = (n: number, mutation: unknown) =>
        localStorage.setItem(
          `rapport.outbox.${client}.${String(n).padStart(12, '0')}`,
          JSON.stringify({ client_id: client, mutation_id: n, mutation }),
        );
      entry(1, { type: 'MoveOpportunity', id, stage_id: '01900000-0000-7000-8000-000000000000', position: 'V' });
    },
    [id],
  );
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText(title);
  await expect(page.getByTestId('notice')).toContainText('does not exist');
  await quickCreate(page, 0, later, 'Acme', '1');
  await waitSynced(page);
  await expect(card(page, later)).toBeVisible();
  await expect(column(page, 0).getByTestId('card').filter({ hasText: title })).toHaveCount(1);
  await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
