// The dashboard on a known dataset: a new team with a target, three deals of its own (one open
// with a campaign and a closing date, one won, one lost), and the figures, charts, tables and
// CSV the manager sees for it, also with the network cut.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { card, chooseLanguage, column, openBoard, quickCreate, unique, waitSynced, showTab } from './helpers';

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function openDeal(page: Page, title: string) {
  await card(page, title).locator('.card-title').click();
  return page.getByTestId('editor');
}

/** The cells of the table row whose first cell is `first`, after switching the chart to its table. */
async function tableRow(page: Page, chart: string, first: string): Promise<string[]> {
  const card = page.getByTestId(chart);
  if ((await card.locator('table').count()) === 0) {
    await card.getByTestId('toggle-table').click();
  }
  const row = card.locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: first }) });
  await expect(row).toHaveCount(1);
  return row.locator('td').allInnerTexts();
}

test('the dashboard shows the figures of a known team, as charts, tables and CSV, offline too', async ({ page, context }) => {
  await openBoard(page);
  const team = unique('Đội báo cáo');
  const campaign = unique('Chiến dịch Tết');
  const [open, lost, won] = [unique('Open deal'), unique('Lost deal'), unique('Won deal')];

  // Set-up: the team, a campaign, and the team's target for this month.
  await showTab(page, 'settings');
  const newTeam = page.getByTestId('new-team');
  await newTeam.locator('input[name=team-name]').fill(team);
  await newTeam.getByTestId('save-team').click();
  await expect(page.getByTestId('team-row').locator('input[name=team-name]').last()).toHaveValue(team);
  const newCampaign = page.getByTestId('new-campaign');
  await newCampaign.locator('input[name=campaign-name]').fill(campaign);
  await newCampaign.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('campaign-row').locator('input[name=campaign-name]').last()).toHaveValue(campaign);
  const newTarget = page.getByTestId('new-target');
  await newTarget.locator('input[name=target-amount]').fill('60000000');
  await newTarget.locator('select[name=target-scope]').selectOption({ label: team });
  // A target needs an amount: a clear refusal, nothing saved.
  const targets = await page.getByTestId('target-row').count();
  await newTarget.locator('input[name=target-amount]').fill('abc');
  await newTarget.getByTestId('add-target').click();
  await expect(newTarget.getByTestId('form-error')).toContainText('amount');
  expect(await page.getByTestId('target-row').count()).toBe(targets);
  await newTarget.locator('input[name=target-amount]').fill('60000000');
  await newTarget.getByTestId('add-target').click();
  await expect(page.getByTestId('target-row').filter({ hasText: team })).toHaveCount(1);
  // The month is chosen and shown by its name (this month by default), not the browser's picker.
  const thisMonth = new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric' });
  await expect(newTarget.locator('select[name=target-month] option:checked')).toHaveText(thisMonth);
  await expect(page.getByTestId('target-row').filter({ hasText: team })).toContainText(thisMonth);

  // An exchange rate, as typed here (en: "," groups, "." is the decimal point); a bad one is
  // refused with the currency named.
  const currency = page.getByTestId('settings-currency');
  await currency.locator('input[name=rate-EUR]').fill('27,0x0');
  await currency.getByTestId('save-rates').click();
  await expect(currency.getByTestId('form-error')).toContainText('EUR');
  await currency.locator('input[name=rate-EUR]').fill('27,000.5');
  await currency.getByTestId('save-rates').click();
  await expect(currency.getByTestId('form-error')).toHaveCount(0);
  await waitSynced(page);
  await page.reload();
  await waitSynced(page);
  await showTab(page, 'settings');
  await expect(page.getByTestId('settings-currency').locator('input[name=rate-EUR]')).toHaveValue('27000.5');

  // Three deals on the team's board, in its first stage (10%).
  await showTab(page, 'board');
  await page.getByTestId('team-switcher').selectOption({ label: team });
  for (const [title, customer, revenue] of [
    [open, 'Vinamilk', '10000000'],
    [lost, 'Hòa Phát', '20000000'],
    [won, 'FPT', '30000000'],
  ]) {
    await quickCreate(page, 0, title, customer, revenue);
    await expect(card(page, title)).toBeVisible();
    await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  }

  let editor = await openDeal(page, open);
  await editor.locator('select[name=campaign]').selectOption({ label: campaign });
  await editor.locator('input[name=close]').fill(today());
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  editor = await openDeal(page, won);
  await editor.getByTestId('mark-won').click();
  await expect(editor).toHaveCount(0);
  editor = await openDeal(page, lost);
  await editor.getByTestId('mark-lost').click();
  await editor.locator('select[name=reason]').selectOption({ label: 'Too expensive / Giá quá cao' });
  await editor.getByTestId('confirm-lost').click();
  await expect(editor).toHaveCount(0);
  await waitSynced(page);

  // The team's dashboard (the team switcher filters it).
  await showTab(page, 'dashboard');
  const kpi = (id: string) => page.getByTestId(id);
  await expect(kpi('kpi-open')).toContainText('₫10,000,000');
  await expect(kpi('kpi-open')).toContainText('1 opportunities');
  await expect(kpi('kpi-weighted')).toContainText('₫1,000,000');
  await expect(kpi('kpi-won-month')).toContainText('₫30,000,000');
  await expect(kpi('kpi-won-month')).toContainText('50% of target ₫60,000,000');
  await expect(kpi('kpi-win-rate')).toContainText('50%');
  await expect(kpi('kpi-win-rate')).toContainText('1 Won · 1 Lost');
  await expect(kpi('kpi-to-opportunity')).toContainText('100%');
  await expect(kpi('kpi-to-won')).toContainText('33%');
  await expect(kpi('kpi-to-won')).toContainText('1 / 3');
  await expect(kpi('kpi-cycle')).toContainText('0.0 days');
  await expect(kpi('kpi-overdue')).toContainText('0');

  // The funnel as a chart, then as its table.
  await expect(page.getByTestId('chart-funnel').locator('.bar-row').first()).toContainText('1 · ₫10,000,000');
  expect(await tableRow(page, 'chart-funnel', 'New')).toEqual(['New', '1', '₫10,000,000', '₫1,000,000']);
  const month = today().slice(0, 7);
  const forecast = await tableRow(page, 'chart-forecast', month);
  expect(forecast.slice(-2)).toEqual(['₫10,000,000', '₫1,000,000']);
  expect(await tableRow(page, 'chart-lost-reasons', 'Too expensive')).toEqual([
    'Too expensive / Giá quá cao',
    '1',
    '₫20,000,000',
  ]);
  expect(await tableRow(page, 'chart-campaigns', campaign)).toEqual([campaign, '1', '1', '0', '₫0', '0%']);
  expect(await tableRow(page, 'chart-campaigns', 'None')).toEqual(['None', '2', '2', '1', '₫30,000,000', '50%']);
  expect((await tableRow(page, 'chart-won-lost', month)).slice(1)).toEqual(['1', '₫30,000,000', '1', '₫20,000,000']);

  // The funnel's CSV: quoted where the money has commas.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('chart-funnel').getByTestId('export-csv').click(),
  ]);
  expect(download.suggestedFilename()).toBe('rapport-funnel.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('Stage,Deals,Value,Weighted\r\n');
  expect(csv).toContain('New,1,"₫10,000,000","₫1,000,000"\r\n');

  const kpis = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('kpi-export').getByTestId('export-csv').click(),
  ]);
  const kpiCsv = readFileSync(await kpis[0].path(), 'utf8');
  expect(kpiCsv).toContain('Open pipeline,"₫10,000,000"\r\n');
  expect(kpiCsv).toContain('Target this month,"₫60,000,000"\r\n');
  expect(kpiCsv).toContain('Win rate,50%\r\n');

  // The server's report endpoint, computed from Postgres, says the same.
  const teamId = await page.getByTestId('team-switcher').inputValue();
  const fromServer = await page.evaluate(
    async ([team, day]) => {
      const response = await fetch('/api/dashboard', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { team_id: team, salesperson_id: null, period: 'ThisQuarter' }, today: day }),
      });
      return response.json();
    },
    [teamId, today()],
  );
  expect(fromServer.open).toEqual({ count: 1, value: 10000000 });
  expect(fromServer.weighted).toBe(1000000);
  expect(fromServer.won_this_month).toEqual({ count: 1, value: 30000000 });
  expect(fromServer.target_this_month).toBe(60000000);
  expect(fromServer.win_rate).toEqual({ num: 1, den: 2 });

  // One salesperson: none of these deals is theirs.
  await page.getByTestId('dashboard-salesperson').selectOption({ label: 'Lê Thị Mai' });
  await expect(kpi('kpi-open')).toContainText('0 opportunities');
  await page.getByTestId('dashboard-salesperson').selectOption({ value: '' });
  await page.getByTestId('dashboard-period').selectOption('month');
  await expect(kpi('kpi-open')).toContainText('₫10,000,000');
  await expect(kpi('kpi-win-rate')).toContainText('50%');

  // Offline: computed from this browser's copy, the same figures.
  await context.setOffline(true);
  await showTab(page, 'board');
  await showTab(page, 'dashboard');
  await expect(kpi('kpi-won-month')).toContainText('50% of target ₫60,000,000');
  await expect(kpi('kpi-open')).toContainText('₫10,000,000');
  await context.setOffline(false);
  await page.getByTestId('team-switcher').selectOption({ value: '' });
});

test('in Persian the bars read from the right and their words stay inside the chart', async ({ page }) => {
  await openBoard(page);
  await chooseLanguage(page, 'fa');
  await page.goto('/dashboard');
  const chart = page.getByTestId('chart-funnel').locator('svg.hbars');
  await expect(chart.locator('.bar-row').first()).toBeVisible();
  const box = (await chart.boundingBox())!;
  for (const part of ['.bar-label', '.bar-value']) {
    const texts = chart.locator(part);
    for (let i = 0; i < (await texts.count()); i++) {
      const b = (await texts.nth(i).boundingBox())!;
      expect(b.x, `${part} ${i} starts inside`).toBeGreaterThanOrEqual(box.x - 1);
      expect(b.x + b.width, `${part} ${i} ends inside`).toBeLessThanOrEqual(box.x + box.width + 1);
    }
  }
  // The stage's name is on the right, its figure on the left.
  const label = (await chart.locator('.bar-label').first().boundingBox())!;
  const value = (await chart.locator('.bar-value').first().boundingBox())!;
  expect(label.x).toBeGreaterThan(value.x + value.width);
});
