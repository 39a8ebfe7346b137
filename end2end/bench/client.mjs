// The benchmarks' HTTP client: Node's `http` with kept-alive connections, asking for compressed
// answers as a browser does. The browsers a benchmark plays run in this one process on the
// server's two cores, and `fetch` costs several times as much CPU per request, which the server
// would lose: with this client the figures are mostly the server's, not the client's.
import http from 'node:http';
import zlib from 'node:zlib';

const unpack = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync };

// A JSON `post(path, body)` to `baseURL` as the signed-in `session`, over at most `sockets`
// connections at once.
export function poster(baseURL, session, sockets) {
  const base = new URL(baseURL);
  const headers = { 'content-type': 'application/json', 'accept-encoding': 'br, gzip', origin: base.origin, cookie: session.header };
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return (path, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(new URL(path, base), { method: 'POST', headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (unpack[res.headers['content-encoding']]?.(raw) ?? raw).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
}
