// Starts the sandbox (tests/sandbox, the Rust stand-in for the User Service) on a free port for a
// suite, and wraps its control API. `make sandbox` builds the binary; SANDBOX_BIN overrides it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { noteSecrets } from './secrets.mjs';
import { root } from './paths.mjs';
const binary = process.env.SANDBOX_BIN || join(root, 'target', 'debug', 'telematics-user-sandbox');

/**
 * Starts a sandbox. Options: instanceId, instanceKey, accessTtl (seconds), www and pkg (folders),
 * mounts ({ '/pages': folder }). Resolves once it listens.
 */
export async function startSandbox({ instanceId, instanceKey, accessTtl, www, pkg, mounts = {} } = {}) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'make sandbox' first`);
  const args = ['--port', '0', '--exit-with-stdin'];
  if (instanceId) args.push('--instance-id', instanceId);
  if (instanceKey) args.push('--instance-key', instanceKey);
  if (accessTtl) args.push('--access-ttl', String(accessTtl));
  if (www) args.push('--www', www);
  if (pkg) args.push('--pkg', pkg);
  for (const [prefix, folder] of Object.entries(mounts)) args.push('--mount', `${prefix}=${folder}`);
  // stdin stays open as long as this process lives: if a suite dies, the sandbox goes with it.
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const baseUrl = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
    lines.once('line', (line) => {
      const found = /listening on (http:\/\/\S+)/.exec(line);
      if (found) resolve(found[1]);
      else reject(new Error(`unexpected first line from the sandbox: ${line}`));
    });
  });
  child.removeAllListeners('exit');
  lines.on('line', () => {});

  const control = async (method, path, body) => {
    const response = await fetch(`${baseUrl}/_sandbox/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  return {
    baseUrl,
    config: () => control('GET', 'config'),
    counters: () => control('GET', 'counters'),
    resetCounters: () => control('DELETE', 'counters'),
    /** Arms a fault: { path, method, status, body, headers, delayMs, count (0: until cleared), drop, repeat }. */
    fault: (fault) => control('POST', 'faults', fault),
    clearFaults: () => control('DELETE', 'faults'),
    expireAccess: () => control('POST', 'expire-access'),
    revokeRefresh: (deviceToken) => control('POST', 'revoke-refresh', deviceToken ? { deviceToken } : undefined),
    settings: (settings) => control('PUT', 'settings', settings),
    /** The user as the service itself holds it, read through an admin login of its own (which
     * the `logins` counter sees). */
    findUser: async (deviceToken) => {
      const config = await control('GET', 'config');
      const login = await fetch(`${baseUrl}/v1/Auth/Login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ LoginFields: JSON.stringify({ email: config.adminEmail }), Password: config.adminPassword }),
      });
      const token = (await login.json()).Result.AccessToken.Token;
      const found = await fetch(`${baseUrl}/v1/Management/users/find?DeviceToken=${deviceToken}`, { headers: { authorization: `Bearer ${token}` } });
      return (await found.json()).Result[0];
    },
    /** Stops the sandbox, first handing what it issued to the leak watch. */
    close: async () => {
      if (child.exitCode === null) noteSecrets(await control('GET', 'secrets'));
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      });
    },
  };
}
