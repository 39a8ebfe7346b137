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

test('a description over the limit is refused in the form, nothing is queued, and the text stays there', async ({ page }) => {
  await openBoard(page);
  const title = unique('Long description');
  await quickCreate(page, 0, title, 'Delta Office Supplies', '1000');
  await waitSynced(page);
  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  // Minutes of a long meeting pasted whole: far over a description's 2,000 characters (and over
  // the 1 MiB a push may carry, which the browser would refuse too before queueing it).
  const long = 'Biên bản cuộc họp với khách hàng về hợp đồng bảo trì. '.repeat(17_000);
  await editor.locator('textarea[name=description]').fill(long);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByTestId('form-error')).toContainText('at most 2000 characters');
  // Nothing was queued, and the text is still there to shorten or copy.
  await expect(editor.locator('textarea[name=description]')).toHaveValue(long);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport.outbox.')).length)).toBe(0);
  await editor.locator('textarea[name=description]').fill(long.slice(0, 1_900));
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  await waitSynced(page);
});
