// Signs in as the demo admin through the sign-in form's endpoint and keeps the cookies (only the
// cookies: each test's browser starts with empty storage and a client group of its own).
import { test as setup, expect } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';

export const DEMO_PASSWORD = 'rapport-demo';

setup('sign in as the demo admin', async ({ request }) => {
  const answer = await request.post('/signin', {
    form: { email: 'trang@demo.rapport', password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
  await request.storageState({ path: ADMIN_STATE });
});
