// Each person's activities as an iCalendar feed at a secret address, read as a calendar app reads
// it (no session), replaced and ended on request; the same on every screen, so tested once.
import { expect, request, test } from '@playwright/test';
import { waitSynced } from './helpers';

test('a person’s activities as a calendar feed at a secret address, ended on request', async ({ page }) => {
  await page.goto('/settings/account');
  const feed = page.getByTestId('calendar-feed');
  await expect(feed.getByTestId('make-feed')).toBeVisible();
  // The button is drawn by the server first: a click before the app has started does nothing.
  await waitSynced(page);
  // Offline, it says so in plain words, and makes nothing.
  await page.context().setOffline(true);
  await feed.getByTestId('make-feed').click();
  await expect(feed.getByTestId('feed-error')).toHaveText('This needs a connection to the server. Try again once you are online.');
  await page.context().setOffline(false);
  await feed.getByTestId('make-feed').click();
  const address = await feed.getByTestId('feed-address').inputValue();
  expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  // Read as a phone's calendar app reads it: no session, no cookie.
  const app = await request.newContext();
  const response = await app.get(address);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/calendar');
  const text = await response.text();
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text).toContain('X-WR-CALNAME:Rapport – Nguyễn Thu Trang');
  expect(text).toMatch(/BEGIN:VEVENT\r\n/);
  expect(text).toMatch(/DTSTART;VALUE=DATE:\d{8}\r\n/);
  expect(text).toMatch(/DTEND;VALUE=DATE:\d{8}\r\n/);
  // Never kept by a cache: an ended address stops at once.
  expect(response.headers()['cache-control']).toContain('no-cache');
  // Copied when the browser copies it (and says so only then).
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await feed.getByTestId('copy-feed').click();
  await expect(feed.getByTestId('copy-feed')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
  // A new address ends the old one, after asking (calendars subscribed to it stop); stopping
  // ends the new one.
  await feed.getByTestId('make-feed').click();
  await expect(feed.getByTestId('feed-replace-ask')).toContainText('stops the current one');
  await feed.getByTestId('feed-replace-cancel').click();
  await expect(feed.getByTestId('feed-replace-ask')).toHaveCount(0);
  await expect(feed.getByTestId('feed-address')).toHaveValue(address);
  await feed.getByTestId('make-feed').click();
  await feed.getByTestId('make-feed').click();
  await expect(feed.getByTestId('feed-address')).not.toHaveValue(address);
  const second = await feed.getByTestId('feed-address').inputValue();
  expect((await app.get(address)).status()).toBe(404);
  expect((await app.get(second)).status()).toBe(200);
  await page.reload();
  await expect(feed.getByTestId('feed-made')).toBeVisible();
  await expect(feed.getByTestId('feed-address')).toHaveCount(0);
  await feed.getByTestId('stop-feed').click();
  await expect(feed.getByTestId('stop-feed')).toHaveCount(0);
  expect((await app.get(second)).status()).toBe(404);
  expect((await app.get(second.replace(/\/[^/]+\.ics$/, '/nothing.ics'))).status()).toBe(404);
  await app.dispose();
});
