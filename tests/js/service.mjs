// A local stand-in for the User Service, for the JS suites: the documented routes and envelopes,
// rotating refresh tokens, access tokens that expire by the clock, and a ledger of every refresh
// token presented, so that a test can prove none was spent twice. It can also serve static files
// (the package and a test page) from the same origin.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };

export async function startService({ instanceId = 'inst-1', instanceKey = 'INSTANCE-KEY-SECRET', lifetime = 3600, refreshLatencyMs = 0, statics = {} } = {}) {
  const state = {
    lifetime,
    n: 0,
    access: new Map(), // token -> { deviceToken, expires }
    refresh: new Map(), // token -> deviceToken
    users: new Map(), // deviceToken -> profile
    presented: [],
    reused: [],
    requests: [],
  };
  const envelope = (status, result, extra = {}) => [status, { Result: result ?? null, Status: status, Title: extra.title ?? '', Errors: extra.errors ?? [] }];
  const issue = (deviceToken) => {
    state.n += 1;
    const at = `AT-${state.n}-${deviceToken}`;
    const rt = `RT-${state.n}-${deviceToken}`;
    state.access.set(at, { deviceToken, expires: Date.now() + state.lifetime * 1000 });
    state.refresh.set(rt, deviceToken);
    return { DeviceToken: deviceToken, AccessToken: { Token: at, ExpiresIn: state.lifetime }, RefreshToken: rt };
  };
  const register = (body) => {
    if (body.FirstName === 'html') return null;
    const deviceToken = body.CustomToken || `dev-${state.users.size + 1}`;
    state.users.set(deviceToken, { FirstName: body.FirstName ?? null, Email: body.Email ?? null, UserFields: { ...(body.UserFields || {}) } });
    return body.CreateAccessToken === false ? { DeviceToken: deviceToken } : issue(deviceToken);
  };
  const instanceOk = (h) => h.instanceid === instanceId && h.instancekey === instanceKey;
  const badInstance = () => envelope(422, null, { title: 'One or more validation errors occurred.', errors: [{ Key: 'InstanceKey', Message: 'unknown instance' }] });
  const caller = (h) => {
    const token = (h.authorization || '').replace(/^Bearer /, '');
    const entry = state.access.get(token);
    return entry && Date.now() < entry.expires ? entry.deviceToken : null;
  };

  function route(method, path, h, text) {
    if (path === '/v1/echo') {
      return caller(h) ? [200, { method, body: text }] : [401, ''];
    }
    const body = text ? JSON.parse(text) : {};
    if (method === 'POST' && path === '/v1/Registration/Create') {
      if (!instanceOk(h)) return badInstance();
      const result = register(body);
      return result ? envelope(200, result) : [200, '<html>gateway</html>'];
    }
    if (method === 'POST' && path === '/v1/Registration/CreateMany') {
      if (!instanceOk(h)) return badInstance();
      return envelope(200, body.map((u) => (u.FirstName === 'refused' ? null : register(u))));
    }
    if (method === 'POST' && path === '/v1/Auth/Login') {
      const fields = JSON.parse(body.LoginFields || '{}');
      if (fields.Devicetoken) {
        if (h.instanceid !== instanceId || body.Password !== instanceKey) return envelope(401, null, { title: 'Invalid credentials' });
        if (!state.users.has(fields.Devicetoken)) state.users.set(fields.Devicetoken, { UserFields: {} });
        return envelope(200, issue(fields.Devicetoken));
      }
      if (body.Password !== 'pw') return envelope(401, null, { title: 'Invalid credentials' });
      const id = `dev-${fields.Email || fields.Phone}`;
      if (!state.users.has(id)) state.users.set(id, { Email: fields.Email ?? null, UserFields: {} });
      return envelope(200, issue(id));
    }
    if (method === 'POST' && (path === '/v1/RefreshToken' || path === '/v1/Auth/RefreshToken')) {
      const rt = body.RefreshToken;
      state.presented.push(rt);
      (state.presentedAt ??= []).push([rt, Date.now()]);
      const deviceToken = state.refresh.get(rt);
      if (!deviceToken) {
        state.reused.push(rt);
        return envelope(401, null, { title: 'Invalid refresh token' });
      }
      state.refresh.delete(rt);
      return envelope(200, issue(deviceToken));
    }
    if (path === '/v1/Management/users' || path.startsWith('/v1/Management/users/')) {
      const me = caller(h);
      if (!me) return [401, ''];
      if (method === 'GET') {
        const u = state.users.get(me) || { UserFields: {} };
        return envelope(200, { DeviceToken: me, UserProfile: { FirstName: u.FirstName, Email: u.Email }, UserFields: [u.UserFields] });
      }
      if (method === 'PUT') {
        const target = h.userdevicetoken || me;
        const u = state.users.get(target);
        if (!u) return envelope(404, null, { title: 'User not found' });
        const { UserFields, ...profile } = body;
        Object.assign(u, profile);
        Object.assign(u.UserFields, UserFields || {});
        return envelope(200, null);
      }
      if (method === 'DELETE') {
        const target = decodeURIComponent(path.slice('/v1/Management/users/'.length));
        return state.users.delete(target) ? envelope(200, null) : envelope(404, null, { title: 'User not found' });
      }
    }
    if (method === 'POST' && path === '/test/revoke') {
      // Test control: every access token stops working at once, as if all had expired.
      state.access.clear();
      return [204, ''];
    }
    return [404, ''];
  }

  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', async () => {
      const path = new URL(req.url, 'http://x').pathname;
      for (const [prefix, dir] of Object.entries(statics)) {
        if (req.method === 'GET' && path.startsWith(prefix)) {
          const file = normalize(join(dir, path.slice(prefix.length)));
          if (!file.startsWith(normalize(dir))) break;
          try {
            const data = await readFile(file);
            res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
            return res.end(data);
          } catch {
            res.writeHead(404);
            return res.end();
          }
        }
      }
      state.requests.push({ method: req.method, path, headers: req.headers, body: text });
      // A refresh that takes a while, as over a real network, widens every race window.
      if (refreshLatencyMs && path.endsWith('RefreshToken')) await new Promise((r) => setTimeout(r, refreshLatencyMs));
      let status, out;
      try {
        [status, out] = route(req.method, path, req.headers, text);
      } catch {
        [status, out] = envelope(400, null, { title: 'Bad request' });
      }
      res.writeHead(status, { 'content-type': 'application/json', date: new Date().toUTCString() });
      res.end(typeof out === 'string' ? out : JSON.stringify(out));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return { baseUrl, state, close: () => new Promise((r) => server.close(r)) };
}
