// Assignment (#16 item 3): a sales manager gives their team's salespeople a share of the new
// leads (leads per 30 days, one away on holiday); leads arrive through the API with nobody's
// name on them, "assign now" spreads them, and each lead's page says the team's rule gave it.
// On a server of its own (a small demo): assigning changes whose leads are whose, which the
// other tests' organisation must not see.
import { expect, test, type Page } from '@playwright/test';
import { uuid7 } from '../bench/uuid7.mjs';
import { ownServer, signedIn } from './helpers';

let base = '';
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async ({}, info) => {
  test.setTimeout(120_000);
  // A port per project: the desktop and phone runs each start their own.
  const port = Number(process.env.RAPPORT_E2E_PORT ?? 3180) + (info.project.name === 'desktop' ? 9 : 10);
  ({ base, stop } = await ownServer(port, 'rapport-assign-', { RAPPORT_DEMO_SIZE: '40', RAPPORT_DEMO_PAST: '0' }));
});

test.afterAll(async () => {
  await stop?.();
});

/** A server function of the app, called as the page would. */
async function call(page: Page, fn: string, body: unknown) {
  const res = await page.request.post(`/api/${fn}`, { headers: { origin: base }, data: body });
  expect(res.ok(), await res.text()).toBe(true);
  return res.json();
}

test('a manager shares new leads out by capacity; they arrive, are spread, and each says why', async ({ browser }) => {
  test.setTimeout(120_000);
  const managerContext = await signedIn(browser, 'david@demo.rapport', base);
  const adminContext = await signedIn(browser, 'trang@demo.rapport', base);
  const huyContext = await signedIn(browser, 'huy@demo.rapport', base);
  try {
    await journey(await managerContext.newPage(), await adminContext.newPage(), await huyContext.newPage());
  } finally {
    // Their pages' event streams closed, so the server stops at once.
    await managerContext.close();
    await adminContext.close();
    await huyContext.close();
  }
});

async function journey(manager: Page, admin: Page, huyPage: Page) {
  await manager.goto('/settings/teams');
  const rows = manager.getByTestId('team-row');
  await expect(rows.first()).toBeVisible();
  const names = await rows.locator('input[name=team-name]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const hcmc = rows.nth(names.findIndex((n) => n.includes('HCMC')));
  const pulled = await call(manager, 'pull', { request: { client_group_id: crypto.randomUUID(), cursor: 0 } });
  const user = (email: string) => pulled.users.find((u: { email: string }) => u.email === email).id as string;
  const [huy, sarah] = [user('huy@demo.rapport'), user('sarah@demo.rapport')];
  // Huy takes 60 a month (2 a day), Sarah 30 (1); David, their manager, 90 but away.
  const david = user('david@demo.rapport');
  if (await hcmc.locator(`input[name=capacity][data-user="${david}"]`).count()) {
    await hcmc.locator(`input[name=capacity][data-user="${david}"]`).fill('90');
    await hcmc.locator(`input[name=capacity][data-user="${david}"]`).blur();
    await hcmc.locator(`input[name=away][data-user="${david}"]`).check();
  }
  await hcmc.locator(`input[name=capacity][data-user="${huy}"]`).fill('60');
  await hcmc.locator(`input[name=capacity][data-user="${huy}"]`).blur();
  await hcmc.locator(`input[name=capacity][data-user="${sarah}"]`).fill('30');
  await hcmc.locator(`input[name=capacity][data-user="${sarah}"]`).blur();
  await hcmc.getByTestId('save-team').click();
  await expect(manager.getByTestId('sync-status')).toHaveText('Up to date');
  await manager.reload();
  await expect(manager.locator(`input[name=capacity][data-user="${huy}"]`)).toHaveValue('60');
  await manager.screenshot({ path: `screenshots/assignment-settings-${test.info().project.name}.png` });

  // The admin draws the south as a territory; the HCMC team covers it.
  await admin.goto('/settings/territories');
  const fresh = admin.getByTestId('new-territory');
  await fresh.locator('input[name=territory-name]').fill('Miền Nam');
  await fresh.locator('select[name=province-country]').selectOption('VN');
  await fresh.locator('input[name=territory-province][value="VN-SG"]').check();
  await fresh.locator('input[name=territory-province][value="VN-DNA"]').check();
  await fresh.getByTestId('save-territory').click();
  const south = admin.getByTestId('territory-row').filter({ has: admin.locator('input[name=territory-province][value="VN-SG"]:checked') });
  await expect(south).toHaveCount(1);
  await expect(south.getByTestId('provinces-chosen')).toHaveText('2');
  await admin.screenshot({ path: `screenshots/territories-settings-${test.info().project.name}.png` });
  await manager.goto('/settings/teams');
  const hcmcRow = manager.getByTestId('team-row').filter({ has: manager.locator(`input[name=capacity][data-user="${huy}"]`) });
  await hcmcRow.locator('input[name=team-territory]').check();
  await hcmcRow.getByTestId('save-team').click();
  await expect(manager.getByTestId('sync-status')).toHaveText('Up to date');

  // Sarah takes only leads like the last one (conditions built on the leads page).
  const hcmcTeam = pulled.records.find((r: { kind: string; name: string }) => r.kind === 'Team' && r.name.includes('HCMC')).id;
  const like = { conditions: [{ field: 'title', op: 'contains', values: ['web 4'] }] };
  await manager.goto(`/leads?f=${encodeURIComponent(JSON.stringify(like))}`);
  const give = manager.getByTestId('give-like-these');
  await give.locator('select[name=give-to]').selectOption(`${hcmcTeam}:${sarah}`);
  await give.getByRole('button', { name: 'Give' }).click();
  await expect(give.getByTestId('given')).toHaveText(/now takes new leads like these\.$/);
  await manager.screenshot({ path: `screenshots/assignment-give-${test.info().project.name}.png` });
  await expect(manager.getByTestId('sync-status')).toHaveText('Up to date');
  await manager.goto('/settings/teams');
  await expect(manager.getByTestId('member-takes')).toHaveCount(1);

  // Five leads arrive through the API (the admin's key), nobody's, in no team, sure bets (set
  // by hand, so they come before any other waiting deal of the team).
  await admin.goto('/settings');
  const stage = pulled.records.find((r: { kind: string; is_won: boolean; team_id?: string }) => r.kind === 'Stage' && !r.is_won && !r.team_id).id;
  // Five from Saigon, and one from Hanoi, which nobody covers.
  const leads = Array.from({ length: 5 }, () => uuid7());
  const hanoi = uuid7();
  const client = uuid7();
  const mutations = leads.flatMap((id, i) => [
    {
      type: 'CreateOpportunity', id, title: `Khách hàng web ${i}`, lead: true, province: 'VN-SG',
      expected_revenue: { minor: 1000000 * (i + 1), currency: 'VND' }, stage_id: stage, position: `W${i + 1}`,
    },
    { type: 'SetOpportunityFields', id, fields: { probability: 99 - i } },
  ]).concat([{
    type: 'CreateOpportunity', id: hanoi, title: 'Khách hàng Hà Nội', lead: true, province: 'VN-HN',
    expected_revenue: { minor: 9000000, currency: 'VND' }, stage_id: stage, position: 'W9',
  }]);
  const pushed = await call(admin, 'push', {
    request: {
      client_group_id: uuid7(),
      mutations: mutations.map((mutation, i) => ({ client_id: client, mutation_id: i + 1, mutation })),
    },
  });
  expect(pushed.results.every((r: { outcome: object }) => 'Applied' in r.outcome), JSON.stringify(pushed.results)).toBe(true);

  // Huy has the board open.
  await huyPage.goto('/');
  await expect(huyPage.getByTestId('sync-status')).toHaveText('Up to date');

  // Assign now: the team's members get their whole day's quota, the highest probability first.
  await manager.getByTestId('assign-now').click();
  await expect(manager.getByTestId('assigned')).toHaveText(/^Leads given a team: \d+; given a salesperson: \d+$/);
  const after = await call(manager, 'pull', { request: { client_group_id: crypto.randomUUID(), cursor: 0 } });
  const mine = after.opportunities.filter((r: { id: string }) => leads.includes(r.id));
  const by = (id: string) => mine.filter((r: { salesperson_id?: string }) => r.salesperson_id === id).length;
  // Every lead got a team (by capacity: only HCMC has any); the two surest went to Huy (two a
  // day), the last to Sarah (the only one like hers); David, away, none.
  expect(mine.every((r: { team_id?: string }) => r.team_id === hcmcTeam)).toBe(true);
  // (The admin sees it: it is in no team the manager leads.)
  const everything = await call(admin, 'pull', { request: { client_group_id: crypto.randomUUID(), cursor: 0 } });
  const outside = everything.opportunities.find((r: { id: string }) => r.id === hanoi);
  expect([outside.country, outside.team_id, outside.salesperson_id]).toEqual(['VN', undefined, undefined]);
  expect([by(huy), by(sarah)]).toEqual([2, 1]);
  const whose = (i: number) => mine.find((r: { id: string }) => r.id === leads[i]).salesperson_id;
  expect([0, 1, 2, 3, 4].map(whose)).toEqual([huy, huy, undefined, undefined, sarah]);

  // Huy is told, lead by lead, and opens one from the notice.
  await expect(huyPage.getByTestId('notice').filter({ hasText: 'is yours now.' })).toHaveCount(2);
  await expect(huyPage.getByTestId('notice').first()).toHaveText(/Khách hàng web [01].* is yours now\./);
  await huyPage.screenshot({ path: `screenshots/assignment-notice-${test.info().project.name}.png` });
  await huyPage.getByTestId('open-given').first().click();
  await expect(huyPage.getByTestId('editor')).toBeVisible();
  await expect(huyPage.getByTestId('notice').filter({ hasText: 'is yours now.' })).toHaveCount(1);

  // The lead's page says who has it and that the team's rule gave it.
  const given = mine.find((r: { salesperson_id?: string }) => r.salesperson_id === huy).id;
  await manager.goto(`/deals/${given}`);
  const editor = manager.getByTestId('editor');
  await expect(editor).toBeVisible();
  await expect(editor.getByTestId('timeline-line').first()).toContainText("Assigned by the team's rule");
  await expect(editor.locator('select[name=province]')).toHaveValue('VN-SG');
  await manager.screenshot({ path: `screenshots/assignment-lead-${test.info().project.name}.png` });
}
