// Offline first: with the network cut, Rapport still opens from the service worker and the
// browser cache, takes changes, keeps them over reloads, and sends them all when back online.
import { expect, test, type Page } from '@playwright/test';
import { card, column, columnOf, keptForOffline, mouseDrag, openBoard, quickCreate, totalCount, unique, waitSynced } from './helpers';

async function dragTo(page: Page, title: string, columnIndex: number) {
  const to = await column(page, columnIndex).boundingBox();
  if (!to) throw new Error('layout');
  await mouseDrag(page, card(page, title), { x: to.x + to.width / 2, y: to.y + to.height - 80 });
}

async function editField(page: Page, title: string, field: string, value: string) {
  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  await editor.locator(`input[name=${field}]`).fill(value);
  await editor.getByRole('button', { name: /^(Save|Lưu)$/ }).click();
  await expect(editor).toHaveCount(0);
}

test('offline: reload, create, edit, move, reload; back online the server has all of it', async ({ page, context, browser }) => {
  await openBoard(page);
  // The service worker has taken the app shell.
  await keptForOffline(page);

  await context.setOffline(true);
  await page.reload();
  await expect(column(page, 0).getByTestId('card').first()).toBeVisible();
  const title = unique('Offline deal');
  await quickCreate(page, 0, title, 'Mekong Rice Export', '42000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Offline');
  await expect(page.getByTestId('sync-status')).toContainText('1 changes waiting');
  await editField(page, title, 'customer', 'Mekong Rice Export JSC');
  await dragTo(page, title, 2);
  expect(await columnOf(page, title)).toBe(2);
  await expect(page.getByTestId('sync-status')).toContainText('3 changes waiting');

  await page.reload();
  await expect(card(page, title)).toContainText('Mekong Rice Export JSC');
  expect(await columnOf(page, title)).toBe(2);

  await context.setOffline(false);
  await waitSynced(page);
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await openBoard(fresh);
  await expect(card(fresh, title)).toContainText('Mekong Rice Export JSC');
  expect(await columnOf(fresh, title)).toBe(2);
  await other.close();
});

test('two browsers change the same field offline: the later wins, the other is told and restores', async ({ browser }) => {
  const [ctxA, ctxB] = [await browser.newContext(), await browser.newContext()];
  const [a, b] = [await ctxA.newPage(), await ctxB.newPage()];
  await openBoard(a);
  const title = unique('Contested');
  await quickCreate(a, 1, title, 'Bảo Việt', '1000000');
  await waitSynced(a);
  await openBoard(b);
  await expect(card(b, title)).toBeVisible();
  const id = await card(a, title).getAttribute('data-id');

  await keptForOffline(a);
  await keptForOffline(b);
  await ctxA.setOffline(true);
  await ctxB.setOffline(true);
  await editField(a, title, 'title', `${title} (A)`);
  await editField(b, title, 'title', `${title} (B)`);
  await ctxA.setOffline(false);
  await waitSynced(a);
  await ctxB.setOffline(false);
  await waitSynced(b);

  // B's change reached the server last: it wins, everywhere.
  await expect(a.locator(`[data-id="${id}"]`)).toContainText(`${title} (B)`);
  // A is told its value was replaced, and puts it back with one click.
  const notice = a.getByTestId('notice').filter({ hasText: 'was replaced' });
  await expect(notice).toContainText(`${title} (B)`);
  await notice.getByTestId('restore').click();
  await expect(a.locator(`[data-id="${id}"]`)).toContainText(`${title} (A)`);
  await waitSynced(a);
  await expect(b.locator(`[data-id="${id}"]`)).toContainText(`${title} (A)`);
  await ctxA.close();
  await ctxB.close();
});

test('an edit of a record deleted meanwhile is told, and the record can be restored', async ({ browser }) => {
  const [ctxA, ctxB] = [await browser.newContext(), await browser.newContext()];
  const [a, b] = [await ctxA.newPage(), await ctxB.newPage()];
  await openBoard(a);
  const title = unique('Deleted meanwhile');
  await quickCreate(a, 0, title, 'Sunrise Hotels', '2000000');
  await waitSynced(a);
  await openBoard(b);
  await expect(card(b, title)).toBeVisible();

  await keptForOffline(b);
  await ctxB.setOffline(true);
  await card(a, title).locator('.card-title').click();
  await a.getByTestId('editor').getByTestId('delete').click();
  await a.getByTestId('editor').getByTestId('confirm-delete').click();
  await expect(card(a, title)).toHaveCount(0);
  await waitSynced(a);
  await editField(b, title, 'customer', 'Sunrise Hotels Group');
  await ctxB.setOffline(false);

  // Both browsers are the admin's: the notice says who deleted it, this person elsewhere.
  const notice = b.getByTestId('notice').filter({ hasText: 'You deleted' });
  await expect(notice).toContainText(`You deleted «\u2068${title}\u2069» in another window or device`);
  await expect(notice).toBeVisible();
  await expect(card(b, title)).toHaveCount(0);
  await notice.getByTestId('restore').click();
  await expect(card(b, title)).toBeVisible();
  // Restored with the edit the notice was about, everywhere.
  await expect(card(b, title)).toContainText('Sunrise Hotels Group');
  await expect(card(a, title)).toContainText('Sunrise Hotels Group');
  await ctxA.close();
  await ctxB.close();
});

test('two tabs of one browser: one leads the sync, both see and send changes', async ({ context, browser }) => {
  const streams: string[] = [];
  context.on('request', (r) => {
    if (r.url().endsWith('/api/events')) streams.push(r.frame()?.page()?.url() ?? '?');
  });
  const tab1 = await context.newPage();
  await openBoard(tab1);
  const tab2 = await context.newPage();
  await openBoard(tab2);

  const fromTab2 = unique('From tab 2');
  await quickCreate(tab2, 0, fromTab2, 'Lotus Garments', '700000');
  await expect(card(tab1, fromTab2)).toBeVisible();
  const fromTab1 = unique('From tab 1');
  await quickCreate(tab1, 1, fromTab1, 'Pho 24', '800000');
  await expect(card(tab2, fromTab1)).toBeVisible();
  await waitSynced(tab1);
  await waitSynced(tab2);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await openBoard(fresh);
  await expect(card(fresh, fromTab2)).toBeVisible();
  await expect(card(fresh, fromTab1)).toBeVisible();
  await other.close();
  // Only the leading tab holds an event stream.
  expect(streams.length).toBe(1);
});

test('a cache from before an upgrade is rebuilt, and its waiting changes are still sent', async ({ page, browser }) => {
  await openBoard(page);
  const cards = await totalCount(page);
  const title = unique('Made before the upgrade');
  const stage = await column(page, 0).getAttribute('data-stage-id');
  await page.evaluate(
    ([title, stage]) => {
      // What an older Rapport left: a cache of another schema with a record that no longer
      // exists, under the current key and an old one, and a change waiting in the outbox.
      // (Older caches were plain JSON, which is still read.)
      const ghost = '01900000-0000-7000-8000-00000000dead';
      const cache = {
        cursor: 3,
        schema: 1,
        store: {
          stages: [],
          opportunities: {
            [ghost]: {
              id: ghost, title: 'Stale ghost', expected_revenue: { minor: 1, currency: 'VND' },
              probability: 10, stage_id: stage, position: 'V', version: 3,
            },
          },
        },
      };
      localStorage.setItem('rapport.cache.v2', JSON.stringify(cache));
      localStorage.setItem('rapport.cache.v1', '{"old": true}');
      const client = crypto.randomUUID();
      const id = '0190' + crypto.randomUUID().slice(4, 14) + '7' + crypto.randomUUID().slice(15);
      localStorage.setItem(
        `rapport.outbox.${client}.000000000001`,
        JSON.stringify({
          client_id: client,
          mutation_id: 1,
          mutation: {
            type: 'CreateOpportunity', id, title, customer_name: 'Hanoi Tech Park',
            expected_revenue: { minor: 5000000, currency: 'VND' }, stage_id: stage, position: 'V',
          },
        }),
      );
    },
    [title, stage],
  );
  await page.reload();
  await waitSynced(page);
  await expect.poll(() => totalCount(page)).toBe(cards + 1);
  await expect(card(page, 'Stale ghost')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('rapport.cache.v1'))).toBeNull();
  // At the end of a long column it may be out of view: the board searched by its address.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(`/?q=${encodeURIComponent(title)}`);
  await waitSynced(fresh);
  await expect(card(fresh, title)).toBeVisible();
  await other.close();
});

test('a copy kept as text by the previous version still opens offline (this one keeps bytes)', async ({ page, context }) => {
  await openBoard(page);
  await keptForOffline(page);
  const cards = await totalCount(page);
  // The previous version stored each bucket's JSON as a string; this one stores its UTF-8 bytes.
  const kinds = await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((done, fail) => {
      const open = indexedDB.open('rapport');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const all = (tx: IDBTransaction): Promise<[IDBValidKey, unknown][]> =>
      new Promise((done) => {
        const out: [IDBValidKey, unknown][] = [];
        const cursor = tx.objectStore('buckets').openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return done(out);
          out.push([at.key, at.value]);
          at.continue();
        };
      });
    const rows = await all(db.transaction('buckets'));
    const stored = new Set(rows.map(([, v]) => (typeof v === 'string' ? 'string' : Object.prototype.toString.call(v))));
    const tx = db.transaction('buckets', 'readwrite');
    for (const [key, value] of rows) tx.objectStore('buckets').put(new TextDecoder().decode(value as Uint8Array), key);
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
    return [...stored];
  });
  expect(kinds).toEqual(['[object Uint8Array]']);
  await context.setOffline(true);
  await page.reload();
  await expect.poll(() => totalCount(page)).toBe(cards);
  await context.setOffline(false);
});

test('a copy that cannot be read is said offline, and downloaded again once online', async ({ page, context }) => {
  await openBoard(page);
  await keptForOffline(page);
  const cards = await totalCount(page);
  // Every bucket damaged (bytes that are not JSON), as a disk error or a foreign write leaves it.
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((done, fail) => {
      const open = indexedDB.open('rapport');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const keys: IDBValidKey[] = await new Promise((done) => {
      const ask = db.transaction('buckets').objectStore('buckets').getAllKeys();
      ask.onsuccess = () => done(ask.result);
    });
    const tx = db.transaction('buckets', 'readwrite');
    for (const key of keys) tx.objectStore('buckets').put(new Uint8Array([0xff, 0x7b, 0x00]), key);
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
  });
  await context.setOffline(true);
  await page.reload();
  const notice = page.getByTestId('notice').filter({ hasText: 'could not be read' });
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText('Offline');
  await page.screenshot({ path: 'screenshots/copy-unreadable-offline-desktop.png' });
  // Online again: everything comes back from the server, is kept again, and the notice goes.
  await context.setOffline(false);
  await waitSynced(page);
  await expect.poll(() => totalCount(page)).toBe(cards);
  await expect(notice).toHaveCount(0);
  await keptForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await expect.poll(() => totalCount(page)).toBe(cards);
  await expect(notice).toHaveCount(0);
  await context.setOffline(false);
});

test('a full browser storage is said plainly, no change is lost, and the board is kept again once there is room', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Chromium's own quota, set far below a board's size before the first save: IndexedDB then
  // refuses the write with QuotaExceededError, as on a phone with a full disk.
  const cdp = await context.newCDPSession(page);
  const origin = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1:3180').origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2048 });
  await openBoard(page);
  await expect(page.getByTestId('notice')).toContainText('storage is full');
  const title = unique('Stored while full');
  await quickCreate(page, 0, title, 'Greenfield Solar', '900000');
  await waitSynced(page);
  await expect(page.getByTestId('sync-status')).not.toContainText('waiting');
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await openBoard(fresh);
  await expect(card(fresh, title)).toBeVisible();

  // Room again: the next sync saves the whole board, the notice goes, and the board comes from
  // the browser's copy with the server's data out of reach.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await quickCreate(fresh, 0, unique('Made elsewhere'), 'Greenfield Solar', '100000');
  await waitSynced(fresh);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(page.getByTestId('notice').filter({ hasText: 'storage is full' })).toHaveCount(0);
  await page.route('**/api/**', (route) => route.abort());
  await page.reload();
  await expect(card(page, title)).toBeVisible();
  await other.close();
  await context.close();
});

test('a browser that keeps nothing for the site says so, and works online with nothing lost', async ({ browser }) => {
  const context = await browser.newContext();
  // Storage turned off for the site: IndexedDB is refused outright.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  await openBoard(page);
  await expect(page.getByTestId('notice')).toContainText('does not let Rapport keep records');
  await page.screenshot({ path: 'screenshots/no-offline-copy-desktop.png' });
  const title = unique('Kept online only');
  await quickCreate(page, 0, title, 'Saigon Print', '700000');
  await waitSynced(page);
  await expect(page.getByTestId('sync-status')).not.toContainText('waiting');
  // The confirmed change leaves the outbox: nothing waits forever to be sent again.
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport.outbox.')).length))
    .toBe(0);
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await openBoard(fresh);
  await expect(card(fresh, title)).toBeVisible();
  await other.close();
  await context.close();
});

test('a colleague whose later change replaced mine is named in the notice', async ({ browser }) => {
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const [a, b] = [await ctxA.newPage(), await ctxB.newPage()];
  await b.goto('/');
  await b.locator('input[name=email]').fill('khoa@demo.rapport');
  await b.locator('input[name=password]').fill('rapport-demo');
  await b.getByRole('button', { name: 'Sign in' }).click();
  await openBoard(b);
  const title = unique('Named');
  await quickCreate(b, 0, title, 'Vinamilk', '1000000');
  await waitSynced(b);
  // The board searched for it: a long column draws only the cards in view.
  await a.goto(`/?q=${encodeURIComponent(title)}`);
  await expect(card(a, title)).toBeVisible();
  await waitSynced(a);

  await keptForOffline(a);
  await keptForOffline(b);
  await ctxA.setOffline(true);
  await ctxB.setOffline(true);
  await editField(a, title, 'customer', 'Vinamilk (A)');
  await editField(b, title, 'customer', 'Vinamilk (Khoa)');
  await ctxA.setOffline(false);
  await waitSynced(a);
  await ctxB.setOffline(false);
  await waitSynced(b);
  const notice = a.getByTestId('notice').filter({ hasText: 'was replaced' });
  await expect(notice).toContainText('a later one from Trần Minh Khoa: «Vinamilk (Khoa)»');

  // Khoa deletes it while A edits it offline: A is told who deleted it, and can bring it back
  // with the edit.
  await ctxA.setOffline(true);
  await editField(a, title, 'customer', 'Vinamilk (A again)');
  await card(b, title).locator('.card-title').click();
  await b.getByTestId('editor').getByTestId('delete').click();
  await b.getByTestId('editor').getByTestId('confirm-delete').click();
  await waitSynced(b);
  await ctxA.setOffline(false);
  const gone = a.getByTestId('notice').filter({ hasText: 'deleted' });
  await expect(gone).toContainText(`\u2068Trần Minh Khoa\u2069 deleted «\u2068${title}\u2069», so your change was not saved`);
  await gone.getByTestId('restore').click();
  await expect(card(a, title)).toContainText('Vinamilk (A again)');
  await ctxA.close();
  await ctxB.close();
});
