// A registration proxy on Cloudflare Workers. Browsers register users through it and never see the
// InstanceKey, which lives in a secret binding. The Worker's own admin session (to set a user's
// telematics flags) lives in Workers KV, so every isolate shares one token pair and refreshes it
// at most once per rotation.
//
//   POST /register                       body: a user (camelCase)  → { deviceToken, accessToken, refreshToken, expiresIn }
//   PUT  /users/:deviceToken/telematics  body: { enableTracking, … } → 204 (Authorization: Bearer DASHBOARD_TOKEN)
//
// Bindings (wrangler.toml): USER_SERVICE_URL, INSTANCE_ID (vars); INSTANCE_KEY, ADMIN_EMAIL,
// ADMIN_PASSWORD, DASHBOARD_TOKEN (secrets: `wrangler secret put NAME`); SESSIONS (KV namespace).
import { UserClient, UserServiceError } from 'telematics-user';
import { kvStore } from './kv-store.js';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/register' && request.method === 'POST') {
        return await register(request, env);
      }
      const telematics = /^\/users\/([^/]+)\/telematics$/.exec(url.pathname);
      if (telematics && request.method === 'PUT') {
        return await setTelematics(decodeURIComponent(telematics[1]), request, env);
      }
      return json({ code: 'not_found', message: 'no such route' }, 404);
    } catch (e) {
      if (e instanceof UserServiceError) return failure(e);
      throw e;
    }
  },
};

// One client per request: a Worker must not await, in one request, a Promise that another request
// started (the library's shared refresh would be one). The store is what requests share.
async function register(request, env) {
  const user = await body(request);
  if (!user) return notJson();
  const client = new UserClient({ baseUrl: env.USER_SERVICE_URL, instanceId: env.INSTANCE_ID, instanceKey: env.INSTANCE_KEY });
  const { deviceToken, accessToken, refreshToken, expiresIn } = await client.register(user);
  return json({ deviceToken, accessToken, refreshToken, expiresIn }, 201);
}

async function setTelematics(deviceToken, request, env) {
  if (request.headers.get('authorization') !== `Bearer ${env.DASHBOARD_TOKEN}`) {
    return json({ code: 'unauthorized', message: 'a dashboard token is needed' }, 401);
  }
  const params = await body(request);
  if (!params) return notJson();
  const admin = new UserClient({ baseUrl: env.USER_SERVICE_URL, store: kvStore(env.SESSIONS), storageKey: 'admin-session' });
  if (!(await admin.getSession())) await admin.login({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  try {
    await admin.setTelematics(params, { deviceToken });
  } catch (e) {
    // The stored session ended (revoked, or its refresh token spent elsewhere): sign in again once.
    if (!(e instanceof UserServiceError) || !['session_expired', 'no_session'].includes(e.code)) throw e;
    await admin.login({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    await admin.setTelematics(params, { deviceToken });
  }
  return new Response(null, { status: 204 });
}

/** The JSON object in the body, or null. */
async function body(request) {
  const value = await request.json().catch(() => null);
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function notJson() {
  return json({ code: 'invalid_input', message: 'the body must be a JSON object' }, 400);
}

// The library's errors carry no token and no key, so they can be passed on as they are.
function failure(e) {
  const status = { invalid_input: 400, validation: 422, unauthorized: 401, forbidden: 403, not_found: 404, rate_limited: 429 }[e.code] ?? 502;
  return json({ code: e.code, message: e.message, fieldErrors: e.fieldErrors }, e.code === 'validation' && e.status ? e.status : status);
}

function json(value, status) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}
