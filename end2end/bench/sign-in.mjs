// Signs the benchmarks in as the demo admin: the session cookies, as a Cookie header for fetch
// and as Playwright cookies for a browser context.
export async function signIn(baseURL, email = 'trang@demo.rapport', password = 'rapport-demo') {
  const res = await fetch(new URL('/signin', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(baseURL).origin },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const url = new URL(baseURL).origin;
  return {
    header: pairs.join('; '),
    cookies: pairs.map((p) => {
      const [name, ...rest] = p.split('=');
      return { name, value: rest.join('='), url };
    }),
  };
}
