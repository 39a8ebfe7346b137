// Possible duplicates while typing (#14): a new contact written without accents, a phone written
// another way, a company with its legal form shortened; offline too, on the browser's copy.
import { expect, test } from '@playwright/test';
import { keptForOffline, openBoard, waitSynced, showTab, openNewRecord, openTools } from './helpers';

test('typing someone already here shows them, offline too', async ({ page, context }) => {
  await openBoard(page);
  await keptForOffline(page);
  await showTab(page, 'contacts');
  await openNewRecord(page, 'open-new-contact');
  const form = page.getByTestId('contact-form');
  await expect(form).toBeVisible();
  await context.setOffline(true);

  await form.getByLabel('Name').fill('nguyen van an');
  const found = form.getByTestId('duplicates');
  await expect(found).toContainText('Nguyễn Văn An');
  await expect(found).toContainText('name 100% alike');

  await form.getByLabel('Name').fill('Anh Tư');
  await form.getByLabel('Phone').fill('0901 037 091');
  await expect(found).toContainText('Trần Thị Bích');
  await expect(found).toContainText('same phone');
  await page.screenshot({ path: `screenshots/duplicates-typing-${test.info().project.name}.png` });

  // A click opens the one already here.
  await found.getByTestId('duplicate').first().click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);

  await page.goBack();
  await page.getByTestId('show-companies').click();
  await openNewRecord(page, 'open-new-company');
  const company = page.getByTestId('company-form');
  await company.getByLabel('Name').fill('Cty TNHH Minh Phat');
  await expect(company.getByTestId('duplicates')).toContainText('Công ty TNHH Minh Phát');
  await company.getByLabel('Name').fill('');
  await expect(company.getByTestId('duplicates')).toHaveCount(0);
  await context.setOffline(false);
});

test('two contacts found on the duplicates page are merged into the one kept', async ({ page }) => {
  await openBoard(page);
  const tag = String(Date.now()).slice(-7) + String(Math.floor(Math.random() * 100));
  await showTab(page, 'contacts');
  await openNewRecord(page, 'open-new-contact');
  const form = page.getByTestId('contact-form');
  await form.getByLabel('Name').fill(`Đỗ Thị Hợp ${tag}`);
  await form.getByLabel('Email').fill(`hop.${tag}@example.vn`);
  await form.getByRole('button', { name: 'New contact' }).click();
  await form.getByLabel('Name').fill(`do thi hop ${tag}`);
  await form.getByLabel('Phone').fill(`0903 ${tag.slice(0, 3)} ${tag.slice(3, 6)}`);
  // Typing, the first one is already offered.
  await expect(form.getByTestId('duplicates')).toContainText(`Đỗ Thị Hợp ${tag}`);
  await form.getByRole('button', { name: 'New contact' }).click();
  await waitSynced(page);

  await openTools(page);
  await page.getByTestId('contacts').getByTestId('duplicates-link').click();
  await expect(page).toHaveURL(/\/duplicates\?kind=contact$/);
  const cluster = page.getByTestId('cluster').filter({ hasText: `Đỗ Thị Hợp ${tag}` });
  await expect(cluster).toHaveCount(1);
  await expect(cluster).toContainText('same name');
  // Keep the second one, with the first one's email.
  await cluster.getByTestId('cluster-keep').nth(1).check();
  const archived = await cluster.locator('li').nth(0).getAttribute('data-id');
  await cluster.getByTestId('cluster-field-email').selectOption({ label: `hop.${tag}@example.vn` });
  await page.screenshot({ path: `screenshots/duplicates-page-${test.info().project.name}.png`, fullPage: false });
  await cluster.getByTestId('cluster-merge').click();
  await expect(cluster).toHaveCount(0);
  await waitSynced(page);

  await showTab(page, 'contacts');
  const contacts = page.getByTestId('contacts');
  await contacts.getByRole('searchbox').fill(tag);
  await expect(contacts.getByTestId('contact-row')).toHaveCount(1);
  await expect(contacts.getByTestId('contact-row')).toContainText(`do thi hop ${tag}`);
  await expect(contacts.getByTestId('contact-row')).toContainText(`hop.${tag}@example.vn`);

  // Not offered again.
  await page.goto('/duplicates?kind=contact');
  await expect(page.getByTestId('cluster').first()).toBeVisible();
  await expect(page.getByTestId('cluster').filter({ hasText: tag })).toHaveCount(0);

  // The address of the one merged says where it went, and brings it back.
  await page.goto(`/contacts/${archived}`);
  const merged = page.getByTestId('merged');
  await expect(merged).toContainText(`Đỗ Thị Hợp ${tag}`);
  await expect(merged.getByTestId('merged-into')).toHaveText(`do thi hop ${tag}`);
  await expect(merged.getByTestId('unmerge')).toBeVisible();
  // The one kept: its timeline says what was merged into it, and brings it back from there.
  await merged.getByTestId('merged-into').click();
  const kept = page.getByTestId('detail');
  await expect(kept.locator('h2')).toHaveText(`do thi hop ${tag}`);
  const line = kept.getByTestId('timeline-line').filter({ has: page.getByTestId('timeline-unmerge') });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(`Đỗ Thị Hợp ${tag}`);
  await line.getByTestId('timeline-unmerge').click();
  await expect(kept.getByTestId('timeline-unmerge')).toHaveCount(0);
  await waitSynced(page);
  await page.goto(`/contacts/${archived}`);
  await expect(page.getByTestId('detail').locator('input[name=name]')).toHaveValue(`Đỗ Thị Hợp ${tag}`);
  await page.goto('/contacts');
  await page.getByTestId('contacts').getByRole('searchbox').fill(tag);
  await expect(page.getByTestId('contacts').getByTestId('contact-row')).toHaveCount(2);
});

test('a duplicate found on a contact\'s page is merged there', async ({ page }) => {
  await openBoard(page);
  await page.goto('/contacts');
  const tag = String(Date.now()).slice(-7) + String(Math.floor(Math.random() * 100));
  await openNewRecord(page, 'open-new-contact');
  const form = page.getByTestId('contact-form').first();
  await form.getByLabel('Name').fill(`Lý Minh Tâm ${tag}`);
  await form.getByLabel('Email').fill(`tam.${tag}@example.vn`);
  await form.locator('button[type=submit]').click();
  await form.getByLabel('Name').fill(`Ly Minh Tam ${tag}`);
  await form.getByLabel('Email').fill(`TAM.${tag}@example.vn`);
  await form.getByLabel('Phone').fill('0909 123 456');
  await form.locator('button[type=submit]').click();
  await waitSynced(page);
  const contacts = page.getByTestId('contacts');
  await contacts.getByRole('searchbox').fill(tag);
  await expect(contacts.getByTestId('contact-row')).toHaveCount(2);
  await contacts.getByTestId('contact-row').filter({ hasText: `Ly Minh Tam ${tag}` }).click();

  // Its page offers the other, by the same email, and merges the two there.
  const detail = page.getByTestId('detail');
  const panel = detail.getByTestId('duplicates');
  await expect(panel).toContainText(`Lý Minh Tâm ${tag}`);
  await panel.locator('li').filter({ hasText: `Lý Minh Tâm ${tag}` }).getByTestId('merge-duplicate').click();
  const cluster = detail.getByTestId('cluster');
  await expect(cluster).toContainText('same email');
  // This page's contact is kept; it takes the other's accented name.
  await expect(cluster.getByTestId('cluster-keep').first()).toBeChecked();
  await cluster.getByTestId('cluster-field-name').selectOption({ label: `Lý Minh Tâm ${tag}` });
  await page.screenshot({ path: `screenshots/merge-on-page-${test.info().project.name}.png` });
  await cluster.getByTestId('cluster-merge').click();
  await expect(cluster).toHaveCount(0);
  await waitSynced(page);
  await page.goto('/contacts');
  await page.getByTestId('contacts').getByRole('searchbox').fill(tag);
  const left = page.getByTestId('contacts').getByTestId('contact-row');
  await expect(left).toHaveCount(1);
  await expect(left).toContainText(`Lý Minh Tâm ${tag}`);
  await expect(left).toContainText('0909');
});

test('two leads from one customer are merged from the duplicates page, and the merged one comes back', async ({ page }) => {
  await openBoard(page);
  const tag = String(Date.now()).slice(-6) + String(Math.floor(Math.random() * 10));
  await showTab(page, 'leads');
  await openNewRecord(page, 'open-new-lead');
  const form = page.getByTestId('new-lead');
  await form.locator('input[name=title]').fill(`Máy lọc nước ${tag}`);
  await form.locator('input[name=contact]').fill(`Đặng Văn Khoa ${tag}`);
  await form.locator('input[name=phone]').fill(`0912 ${tag.slice(0, 3)} ${tag.slice(3, 7)}`);
  await form.getByRole('button', { name: 'New lead' }).click();
  await openNewRecord(page, 'open-new-lead');
  await form.locator('input[name=title]').fill(`Lọc nước văn phòng ${tag}`);
  await form.locator('input[name=contact]').fill(`dang van khoa ${tag}`);
  await form.locator('input[name=email]').fill(`khoa.${tag}@example.vn`);
  await form.locator('input[name=phone]').fill(`+84 912 ${tag.slice(0, 3)} ${tag.slice(3, 7)}`);
  // Typing, the first one is already offered.
  await expect(form.getByTestId('duplicates')).toContainText(`Máy lọc nước ${tag}`);
  await form.getByRole('button', { name: 'New lead' }).click();
  await waitSynced(page);

  await openTools(page);
  await page.getByTestId('leads').getByTestId('duplicates-link').click();
  await expect(page).toHaveURL(/\/duplicates\?kind=lead$/);
  const cluster = page.getByTestId('cluster').filter({ hasText: `Máy lọc nước ${tag}` });
  await expect(cluster).toHaveCount(1);
  await expect(cluster).toContainText('same phone');
  // The first one stays, with the second one's title; its email comes along, its own being empty.
  const first = cluster.locator('li').filter({ hasText: `Máy lọc nước ${tag}` });
  // Each opens on its own page, to be looked at before the merge, and closes back to the card.
  await first.getByTestId('cluster-open').click();
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(`Máy lọc nước ${tag}`);
  await page.getByTestId('editor').getByTestId('deal-back').click();
  await expect(page).toHaveURL(/\/duplicates\?kind=lead$/);
  await first.getByTestId('cluster-keep').check();
  const archived = await cluster.locator('li').filter({ hasText: `Lọc nước văn phòng ${tag}` }).getAttribute('data-id');
  await cluster.getByTestId('cluster-field-title').selectOption({ label: `Lọc nước văn phòng ${tag}` });
  // Where a lead stands is not a value to choose.
  await expect(cluster.getByTestId('cluster-field-position')).toHaveCount(0);
  await page.screenshot({ path: `screenshots/duplicates-leads-${test.info().project.name}.png` });
  await cluster.getByTestId('cluster-merge').click();
  await expect(cluster).toHaveCount(0);
  await waitSynced(page);

  await showTab(page, 'leads');
  const rows = page.getByTestId('lead').filter({ hasText: tag });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`Lọc nước văn phòng ${tag}`);
  await expect(rows).toContainText(`khoa.${tag}@example.vn`);
  await expect(rows).toContainText(`Đặng Văn Khoa ${tag}`);

  // The address of the one merged says where it went, and brings it back.
  await page.goto(`/deals/${archived}`);
  const merged = page.getByTestId('merged');
  await expect(merged).toContainText(`Lọc nước văn phòng ${tag}`);
  await expect(merged.getByTestId('merged-into')).toHaveText(`Lọc nước văn phòng ${tag}`);
  await merged.getByTestId('unmerge').click();
  const lead = page.getByTestId('editor');
  await expect(lead.getByTestId('page-kind')).toHaveText('Lead');
  await expect(lead.locator('input[name=title]')).toHaveValue(`Lọc nước văn phòng ${tag}`);
  await waitSynced(page);
  await lead.getByTestId('deal-back').click();
  await showTab(page, 'leads');
  await expect(page.getByTestId('lead').filter({ hasText: tag })).toHaveCount(2);

  // A lead's own page offers the other and merges them there.
  await page.getByTestId('lead').filter({ hasText: `Đặng Văn Khoa ${tag}` }).getByRole('button', { name: 'Open' }).click();
  const panel = page.getByTestId('editor').getByTestId('duplicates');
  await expect(panel).toContainText(`Lọc nước văn phòng ${tag}`);
  await panel.locator('li').first().getByTestId('merge-duplicate').click();
  await panel.getByTestId('cluster-merge').click();
  await expect(panel.getByTestId('cluster')).toHaveCount(0);
  await waitSynced(page);
  await page.getByTestId('editor').getByTestId('deal-back').click();
  await showTab(page, 'leads');
  await expect(page.getByTestId('lead').filter({ hasText: tag })).toHaveCount(1);
});
