// A Vite app as a user writes it: a bare import of the package, no plugin, no init call. It
// registers a user against the page's origin (the sandbox), reads the profile after a server-side
// expiry, and reports on window.result.
import { UserClient, UserServiceError, localStorageStore } from 'telematics-user';

async function run() {
  const base = location.origin;
  const config = await (await fetch(base + '/_sandbox/config')).json();
  const client = new UserClient({ baseUrl: base, instanceId: config.instanceId, instanceKey: config.instanceKey, store: localStorageStore() });
  const events = [];
  client.onSessionChange((_session, reason) => events.push(reason));
  const registration = await client.register({ firstName: 'Vite', telematics: { enableTracking: true } });
  await fetch(base + '/_sandbox/expire-access', { method: 'POST' });
  const profile = await client.getUser();
  const invalid = await client.register({ birthday: 'soon' }).catch((e) => ({ code: e.code, isUse: e instanceof UserServiceError }));
  const stored = JSON.parse(localStorage.getItem('telematics-user:session'));
  return { deviceToken: registration.deviceToken, firstName: profile.firstName, tracking: profile.telematics.enableTracking, events, invalid, storedDevice: stored.deviceToken };
}

run().then(
  (result) => {
    window.result = result;
    document.querySelector('#status').textContent = 'done';
  },
  (e) => {
    window.result = { failed: String(e) + ' ' + (e && e.code) };
    document.querySelector('#status').textContent = 'failed';
  },
);
