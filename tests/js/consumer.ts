// A TypeScript consumer of every declaration of the package, compiled with `tsc --strict --noEmit`
// by package.test.mjs (under both `bundler` and `node16` resolution). Lines marked
// `@ts-expect-error` must fail to compile: they keep the types from being too loose.
import {
  UserClient,
  UserServiceError,
  localStorageStore,
  sessionStorageStore,
  type UserClientOptions,
  type UserServiceErrorCode,
  type Session,
  type SessionStore,
  type SessionChangeReason,
  type Registration,
  type RegisterManyResult,
  type UserProfile,
  type UserInput,
  type Telematics,
  type FieldError,
} from 'telematics-user';
import { init, UserClient as SlimClient } from 'telematics-user/slim';
import {
  buildRegisterRequest,
  buildRegisterManyRequests,
  buildLoginRequest,
  buildRefreshRequest,
  buildGetUserRequest,
  buildUpdateUserRequest,
  buildSetTelematicsRequest,
  buildDeleteUserRequest,
  UserServiceError as BuilderError,
  type BuiltRequest,
  type BuilderOptions,
} from 'telematics-user/builders';
import { init as initBuilders, buildGetUserRequest as slimGetUser } from 'telematics-user/builders/slim';

const store: SessionStore = {
  get: async (key) => (key ? null : undefined),
  set: (_key, _value) => {},
  remove: async () => {},
};

const options: UserClientOptions = {
  baseUrl: 'https://user.telematicssdk.com',
  instanceId: 'id',
  instanceKey: 'key',
  store,
  storageKey: 'k',
  refreshLeewaySeconds: 60,
  timeoutMs: 30_000,
  maxResponseBytes: 1 << 20,
  lockWaitMs: 5_000,
  fetch: globalThis.fetch,
  endpoints: { register: '/v1/Registration/Create', refresh: '/v1/Auth/RefreshToken' },
};
// @ts-expect-error: an unknown option
const misspelt: UserClientOptions = { timeoutMS: 1 };

/** Every code, handled: adding one to the union without handling it here fails to compile. */
function describe(code: UserServiceErrorCode): string {
  switch (code) {
    case 'invalid_config':
    case 'invalid_input':
    case 'validation':
      return 'fix the input';
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
      return 'not allowed';
    case 'rate_limited':
    case 'network':
    case 'timeout':
    case 'server':
      return 'try again';
    case 'session_expired':
    case 'no_session':
      return 'sign in';
    case 'aborted':
      return 'cancelled';
    case 'invalid_response':
    case 'storage':
      return 'report it';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
// @ts-expect-error: not a code
const notACode: UserServiceErrorCode = 'teapot';

function report(e: unknown): string {
  if (e instanceof UserServiceError) {
    const fields: FieldError[] = e.fieldErrors;
    const status: number | null = e.status;
    const retry: number | null = e.retryAfter;
    const name: 'UserServiceError' = e.name;
    return [describe(e.code), status, retry, name, fields.map((f) => f.key + f.message).join()].join();
  }
  return String(e);
}

async function everyMethod(client: UserClient): Promise<void> {
  const unsubscribe: () => void = client.onSessionChange((session: Session | null, reason: SessionChangeReason) => {
    const expires: number | null | undefined = session?.expiresAt;
    void [expires, reason];
  });
  const user: UserInput = {
    firstName: 'Ann',
    birthday: '1990-01-31',
    gender: 'Female',
    maritalStatus: 'Single',
    childrenCount: 0,
    telematics: { enableTracking: true, enableLogging: false, enableRealtimeLocation: true, enabled: true },
  };
  const registration: Registration = await client.register(user);
  const token: string | null = registration.accessToken;
  const many: RegisterManyResult = await client.registerMany([user, {}], { batchSize: 2 });
  const firstIndex: number | undefined = many.registered[0]?.index;
  const firstError: UserServiceErrorCode | undefined = many.failed[0]?.error.code;
  const session: Session = await client.login({ deviceToken: registration.deviceToken });
  await client.login({ email: 'a@b.c', password: 'pw' });
  await client.login({ phone: '+1', password: 'pw' });
  // @ts-expect-error: a password without an email or phone
  await client.login({ password: 'pw' });
  const refreshed: Session = await client.refresh();
  const stored: Session | null = await client.getSession();
  const profile: UserProfile = await client.getUser();
  const flags: Telematics = profile.telematics;
  await client.updateUser({ lastName: 'Lee', newPassword: 'x', oldPassword: 'y' }, { deviceToken: 'other' });
  await client.setTelematics({ enableTracking: false });
  await client.deleteUser('dev-1');
  const response: Response = await client.fetch('https://example.com', { signal: AbortSignal.timeout(1000) });
  await client.signOut();
  unsubscribe();
  client.free();
  void [token, firstIndex, firstError, session, refreshed, stored, flags, response];
}

function builders(): BuiltRequest[] {
  const o: BuilderOptions = { baseUrl: 'https://user.telematicssdk.com', instanceId: 'id', instanceKey: 'key' };
  const batches = buildRegisterManyRequests(o, [{}], { batchSize: 10 });
  const indices: number[] = batches.batches.flatMap((b) => b.indices);
  void indices;
  return [
    buildRegisterRequest(o, { firstName: 'Ann' }),
    buildLoginRequest(o, { email: 'a@b.c', password: 'pw' }),
    buildRefreshRequest(o, { accessToken: 'a', refreshToken: 'r' }),
    buildGetUserRequest(o, 'a'),
    buildUpdateUserRequest(o, 'a', { city: 'Oslo' }, { deviceToken: 'd' }),
    buildSetTelematicsRequest(o, 'a', { enabled: true }),
    buildDeleteUserRequest(o, 'a', 'd'),
  ];
}

// The builders' error class is the root's, for the types as at run time.
function builderFailure(e: unknown): UserServiceErrorCode | undefined {
  const same: typeof UserServiceError = BuilderError;
  return e instanceof same ? e.code : undefined;
}

async function slimBuilders(module: WebAssembly.Module): Promise<BuiltRequest> {
  await initBuilders(module);
  // @ts-expect-error: a builder needs its options
  slimGetUser();
  return slimGetUser({}, 'a');
}

async function slim(module: WebAssembly.Module): Promise<SlimClient> {
  await init(module);
  await init();
  return new SlimClient({});
}

const stores: SessionStore[] = [localStorageStore(), sessionStorageStore()];
void [options, misspelt, notACode, report, everyMethod, builders, builderFailure, slim, slimBuilders, stores];
