// A browser that sat offline through an upgrade: its outbox holds changes in the forms the
// previous version queued (a contact saved with `SaveContact`, a note logged with `LogNote`
// naming the contact, a tag with `SaveTag`) and its cache is in the previous shape. After the
// upgrade the cache is rebuilt once, and every queued change reaches the server exactly once.
import { expect, test } from '@playwright/test';
import { keptForOffline, openBoard, unique, waitSynced, showTab } from './helpers';

const uuid7 = () => {
  const hex = Date.now().toString(16).padStart(12, '0') + crypto.randomUUID().replaceAll('-', '').slice(12);
  const v = hex.slice(0, 12) + '7' + hex.slice(13, 16) + ((parseInt(hex[16], 16) & 3) | 8).toString(16) + hex.slice(17, 32);
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
};

test('changes queued offline by the previous version are sent once after the upgrade', async ({ page, context, browser }) => {
  await openBoard(page);
  const client = uuid7();
  const contact = uuid7();
  const name = unique('Trần Thị Mai');
  const tag = unique('Khách quen');
  const note = unique('Hẹn gặp thứ Hai');
  const queued = [
    { type: 'SaveContact', id: contact, name, phone: '0903 123 456' },
    { type: 'LogNote', id: uuid7(), contact_id: contact, text: note },
    { type: 'SaveTag', id: uuid7(), name: tag, colour: 3 },
  ];
  await keptForOffline(page);
  await context.setOffline(true);
  await page.evaluate(
    ({ client, queued }) => {
      queued.forEach((mutation, i) => {
        const n = String(i + 1).padStart(12, '0');
        localStorage.setItem(
          `rapport.outbox.${client}.${n}`,
          JSON.stringify({ client_id: client, mutation_id: i + 1, mutation, on: null }),
        );
      });
      // A cache in the previous shape: an activity naming its deal, not a subject.
      const old = {
        cursor: 3,
        schema: 6,
        store: { activities: { [client]: { id: client, type_id: client, opportunity_id: client, due: '2026-12-04' } } },
      };
      localStorage.setItem('rapport.cache.v2', JSON.stringify(old));
    },
    { client, queued },
  );

  // Offline, the upgraded app reads the old outbox and shows the change already.
  await page.reload();
  await expect(page.getByTestId('sync-status')).toContainText('3 changes waiting');
  await showTab(page, 'contacts');
  await expect(page.getByTestId('contact-row').filter({ hasText: name })).toBeVisible();

  await context.setOffline(false);
  await waitSynced(page);
  await showTab(page, 'board');
  await expect(page.getByTestId('column').first().getByTestId('card').first()).toBeVisible();

  // Another browser sees each change once.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(`/contacts/${contact}`);
  await waitSynced(fresh);
  await expect(fresh.getByTestId('detail')).toContainText(name);
  await expect(fresh.getByTestId('timeline')).toContainText(note);
  await expect(fresh.getByTestId('contact-row').filter({ hasText: name })).toHaveCount(1);
  await fresh.goto('/settings/tags');
  await expect(fresh.getByTestId('tag-row').first()).toBeVisible();
  const tags = await fresh
    .getByTestId('tag-row')
    .evaluateAll((rows) => rows.map((r) => (r.querySelector('input') as HTMLInputElement | null)?.value ?? ''));
  expect(tags.filter((t) => t === tag)).toHaveLength(1);
  await other.close();
});
