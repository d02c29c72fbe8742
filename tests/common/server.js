// A User Service stand-in for the wasm tests: it rotates refresh tokens, expires access tokens
// by the real clock, and records every refresh token presented and every authenticated call.
// Evaluated as the body of a function; returns the server object.
const s = {
  n: 0,
  live: new Map(),
  rts: new Set(),
  presented: [],
  calls: [],
  denyAll: false,
  lifetime: 3600,
  delayMs: 0,
  // Canned answers for the next refresh requests, then for the next other requests:
  // [status, body, headers].
  refreshScript: [],
  script: [],
};
s.issue = () => {
  s.n += 1;
  const at = 'AT-' + s.n;
  const rt = 'RT-' + s.n;
  s.live.set(at, Date.now() + s.lifetime * 1000);
  s.rts.add(rt);
  return [at, rt];
};
const answer = (status, body, headers) =>
  new Response(typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body), {
    status,
    headers: headers || {},
  });
// A body that never ends (no Content-Length): only a reader that stops and cancels gets out.
s.cancelled = 0;
s.endless = () =>
  new ReadableStream({
    pull(controller) {
      controller.enqueue(new Uint8Array(1024).fill(32));
    },
    cancel() {
      s.cancelled += 1;
    },
  });
const tokens = (deviceToken) => {
  const [at, rt] = s.issue();
  return { DeviceToken: deviceToken, AccessToken: { Token: at, ExpiresIn: s.lifetime }, RefreshToken: rt };
};
s.fetch = async (input, init) => {
  const req = new Request(input, init);
  const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.text();
  if (s.delayMs) {
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, s.delayMs);
      req.signal.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
  const path = new URL(req.url).pathname;
  if (path.endsWith('/RefreshToken')) {
    const rt = JSON.parse(body).RefreshToken;
    s.presented.push(rt);
    if (s.refreshScript.length) return answer(...s.refreshScript.shift());
    if (!s.rts.delete(rt)) return answer(401, '');
    return answer(200, { Status: 200, Result: tokens(undefined) });
  }
  if (path.endsWith('/Auth/Login')) return answer(200, { Status: 200, Result: tokens('dev-1') });
  if (path.endsWith('/Registration/CreateMany')) {
    if (s.script.length) return answer(...s.script.shift());
    const users = JSON.parse(body);
    return answer(200, {
      Status: 200,
      Result: users.map((u) => (u.FirstName === 'refused' ? null : tokens('dev-' + u.FirstName))),
    });
  }
  const bearer = (req.headers.get('authorization') || '').replace(/^Bearer /, '');
  s.calls.push({ path, method: req.method, bearer, body });
  if (s.script.length) return answer(...s.script.shift());
  const expires = s.live.get(bearer);
  if (s.denyAll || !expires || Date.now() >= expires) return answer(401, '');
  if (req.method === 'GET' && path.endsWith('/Management/users')) {
    return answer(200, { Status: 200, Result: { DeviceToken: 'dev-1', UserProfile: { FirstName: 'Ann' }, UserFields: [] } });
  }
  return answer(200, { Status: 200, Result: null, echo: body });
};
return s;
