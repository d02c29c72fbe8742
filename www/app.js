// The demo dashboard: every action goes through the telematics-user package the sandbox serves
// at /pkg/. The sandbox's control API (/_sandbox/) supplies the instance credentials and the
// "expire on server" button and counts what the service saw.
import { UserClient, localStorageStore } from '/pkg/index.js';

const $ = (id) => document.getElementById(id);
const sandbox = async (path, method = 'GET') => {
  const response = await fetch(`/_sandbox/${path}`, { method });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
  return response.status === 204 ? null : response.json();
};

const config = await sandbox('config');
$('instance-id').textContent = config.instanceId;
$('service-dot').classList.add('up');

const client = new UserClient({
  baseUrl: location.origin,
  instanceId: config.instanceId,
  instanceKey: config.instanceKey,
  store: localStorageStore(),
  storageKey: 'telematics-user-demo:session',
});

let session = null;
const history = [];

// A short, one-way fingerprint: enough to see a token rotate, useless to anyone who reads it.
async function fingerprint(token) {
  if (!token) return '—';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const LABELS = {
  registered: 'Registered', login: 'Logged in', refreshed: 'Refreshed', signed_out: 'Signed out',
  expired: 'Session expired', restored: 'Restored', external: 'Changed in another tab',
};

client.onSessionChange(async (next, reason) => {
  session = next;
  history.unshift({ at: new Date(), reason, print: await fingerprint(next?.refreshToken) });
  history.length = Math.min(history.length, 12);
  renderSession();
  renderHistory();
  if (!next) renderProfile(null);
});

function renderHistory() {
  const body = $('history');
  body.replaceChildren(...history.map((entry) => {
    const row = document.createElement('tr');
    row.dataset.reason = entry.reason;
    const time = entry.at.toLocaleTimeString([], { hour12: false });
    for (const [text, cls] of [[time, 'muted'], [LABELS[entry.reason] ?? entry.reason, `tag tag-${entry.reason}`], [entry.print, 'mono']]) {
      const cell = document.createElement('td');
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      cell.append(span);
      row.append(cell);
    }
    return row;
  }));
  if (!history.length) body.innerHTML = '<tr class="empty"><td colspan="3">Nothing yet</td></tr>';
}

function renderSession() {
  const signedIn = Boolean(session);
  $('session-state').textContent = signedIn ? 'Signed in' : 'Signed out';
  $('session-state').classList.toggle('pill-ok', signedIn);
  $('device-token').textContent = session?.deviceToken || '—';
  for (const id of ['copy-token', 'refresh', 'sign-out', 'expire', 'burst', 'reload-profile']) $(id).disabled = !signedIn;
  $('live-flags').disabled = !signedIn;
  tick();
}

// The countdown to the access token's expiry, against the lifetime the sandbox issues.
function tick() {
  const bar = $('expiry-bar');
  const text = $('expiry-text');
  if (!session?.expiresAt) {
    bar.style.width = '0%';
    text.textContent = session ? 'no expiry known' : 'no token';
    return;
  }
  const left = Math.max(0, session.expiresAt - Date.now());
  const share = Math.min(1, left / (config.accessTtl * 1000));
  bar.style.width = `${(share * 100).toFixed(1)}%`;
  bar.className = share < 0.25 ? 'low' : share < 0.5 ? 'mid' : '';
  const s = Math.ceil(left / 1000);
  text.textContent = left > 0 ? `expires in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : 'expired: the next call refreshes it';
  text.dataset.secondsLeft = String(s);
}
setInterval(tick, 250);

function renderProfile(user) {
  const box = $('profile');
  if (!user) {
    box.className = 'profile empty-state';
    box.textContent = 'Register or log in to see the user.';
    for (const input of document.querySelectorAll('[data-flag]')) input.checked = false;
    return;
  }
  box.className = 'profile';
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || 'Unnamed user';
  const facts = [
    ['Email', user.email], ['Phone', user.phone], ['Birthday', user.birthday?.slice(0, 10)],
    ['Gender', user.gender], ['Client id', user.clientId], ['Status', user.status],
  ].filter(([, v]) => v);
  box.replaceChildren();
  const head = document.createElement('div');
  head.className = 'profile-head';
  const avatar = document.createElement('span');
  avatar.className = 'avatar';
  avatar.textContent = name.split(' ').map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  const title = document.createElement('strong');
  title.id = 'profile-name';
  title.textContent = name;
  head.append(avatar, title);
  const list = document.createElement('dl');
  list.className = 'facts compact';
  for (const [k, v] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    list.append(dt, dd);
  }
  box.append(head, list);
  for (const input of document.querySelectorAll('[data-flag]')) input.checked = Boolean(user.telematics?.[input.dataset.flag]);
}

// Errors are shown with their stable code, status and the service's field errors.
function showError(error) {
  const item = document.createElement('div');
  item.className = 'error';
  item.setAttribute('role', 'alert');
  const code = document.createElement('span');
  code.className = 'code';
  code.textContent = error.code ?? 'error';
  const message = document.createElement('div');
  const text = document.createElement('strong');
  text.textContent = error.message;
  message.append(text);
  if (error.status) message.append(` · HTTP ${error.status}`);
  for (const field of error.fieldErrors ?? []) {
    const line = document.createElement('small');
    line.textContent = `${field.key ?? 'request'}: ${field.message ?? ''}`;
    message.append(line);
  }
  const close = document.createElement('button');
  close.className = 'ghost small';
  close.textContent = 'Dismiss';
  close.onclick = () => item.remove();
  item.append(code, message, close);
  $('errors').prepend(item);
  setTimeout(() => item.remove(), 12000);
}

// Runs a UI action with its button busy; any rejection becomes a readable error.
async function act(button, action) {
  button.disabled = true;
  button.classList.add('busy');
  try {
    return await action();
  } catch (error) {
    showError(error);
  } finally {
    button.classList.remove('busy');
    // Enabled again, then renderSession disables whatever needs a session that is gone.
    button.disabled = false;
    renderSession();
  }
}

async function loadProfile() {
  renderProfile(await client.getUser());
}

$('register-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const text = (k) => form.get(k)?.toString().trim() || undefined;
  const user = {
    firstName: text('firstName'), lastName: text('lastName'), email: text('email'), phone: text('phone'),
    birthday: text('birthday'), gender: text('gender'), clientId: text('clientId'),
    telematics: Object.fromEntries(['enableTracking', 'enableLogging', 'enableRealtimeLocation', 'enabled'].map((k) => [k, form.has(k)])),
  };
  act($('register'), async () => {
    const registration = await client.register(user);
    $('login-token').value = registration.deviceToken;
    await loadProfile();
  });
});

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  act($('login'), async () => {
    await client.login({ deviceToken: $('login-token').value.trim() });
    await loadProfile();
  });
});

$('refresh').onclick = () => act($('refresh'), () => client.refresh());
$('sign-out').onclick = () => act($('sign-out'), () => client.signOut());
$('reload-profile').onclick = () => act($('reload-profile'), loadProfile);
$('copy-token').onclick = () => navigator.clipboard?.writeText(session?.deviceToken ?? '');

for (const input of document.querySelectorAll('[data-flag]')) {
  input.addEventListener('change', async () => {
    const state = $('flags-state');
    state.textContent = 'saving…';
    $('live-flags').disabled = true;
    try {
      await client.setTelematics({ [input.dataset.flag]: input.checked });
      state.textContent = 'saved';
    } catch (error) {
      input.checked = !input.checked;
      state.textContent = '';
      showError(error);
    } finally {
      $('live-flags').disabled = !session;
    }
  });
}

$('expire').onclick = () => act($('expire'), async () => {
  await sandbox('expire-access', 'POST');
  $('expiry-text').dataset.serverExpired = 'true';
});

$('burst').onclick = () => act($('burst'), async () => {
  const before = await sandbox('counters');
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => client.getUser()));
  const elapsed = performance.now() - started;
  const after = await sandbox('counters');
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
  $('burst-ok').textContent = ok;
  $('burst-total').textContent = outcomes.length;
  $('burst-refreshes').textContent = after.refreshes - before.refreshes;
  $('burst-401').textContent = after.unauthorized - before.unauthorized;
  $('burst-ms').textContent = Math.round(elapsed);
  $('burst-result').hidden = false;
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) showError(failed.reason);
  else renderProfile(outcomes[0].value);
});

session = await client.getSession();
renderSession();
if (session) await loadProfile().catch(showError);
document.body.dataset.ready = 'true';
