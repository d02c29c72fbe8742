/** Every error code a `UserServiceError` can carry. */
export type UserServiceErrorCode =
  | 'invalid_config'
  | 'invalid_input'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'session_expired'
  | 'no_session'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'server'
  | 'invalid_response'
  | 'storage';

/** One entry of the service's `Errors` list. */
export interface FieldError {
  key: string;
  message: string;
}

/**
 * Every rejection and throw of this package. Never contains a token or the instance key.
 * `instanceof` holds for the errors of `telematics-user/builders` too, whose copy of the class it is.
 */
export class UserServiceError extends Error {
  readonly name: 'UserServiceError';
  /** A stable machine-readable code. */
  readonly code: UserServiceErrorCode;
  /** The HTTP status or the envelope's `Status`, or `null` when there was no answer. */
  readonly status: number | null;
  /** The service's field errors (empty when none). */
  readonly fieldErrors: FieldError[];
  /** Seconds to wait, for `rate_limited` when the service said so. */
  readonly retryAfter: number | null;
}

/** A session store: values are strings; each method may return a Promise. */
export interface SessionStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** Endpoint paths, relative to `baseUrl`. */
export interface Endpoints {
  /** Default `/v1/Registration/Create`. */
  register?: string;
  /** Default `/v1/Registration/CreateMany`. */
  registerMany?: string;
  /** Default `/v1/RefreshToken`; the vendor's mobile clients use `/v1/Auth/RefreshToken`. */
  refresh?: string;
  /** Default `/v1/Auth/Login`. */
  login?: string;
  /** Default `/v1/Management/users`. */
  users?: string;
}

export interface UserClientOptions {
  /** Default `https://user.telematicssdk.com`. Plain http only for localhost and 127.0.0.1. */
  baseUrl?: string;
  /** Needed by `register`, `registerMany` and `login({ deviceToken })`. */
  instanceId?: string;
  /** Needed by `register`, `registerMany` and `login({ deviceToken })`. Keep it on servers. */
  instanceKey?: string;
  /** Where the session lives. Default: in memory. */
  store?: SessionStore;
  /** Default `telematics-user:session`. */
  storageKey?: string;
  /** Refresh this many seconds before expiry. Default 60. */
  refreshLeewaySeconds?: number;
  /** Per HTTP attempt, and per store call. Default 30000. */
  timeoutMs?: number;
  /**
   * The largest answer body read, in bytes (at least 1024). A larger one is cancelled as soon as
   * it is known to be too large and rejects with `invalid_response`. Default 4194304 (4 MiB).
   * `client.fetch` returns its `Response` unread and is not limited.
   */
  maxResponseBytes?: number;
  /**
   * How long a refresh waits for another tab's or client's refresh before going ahead without
   * the lock (a frozen tab must not stall the others). Default 10000.
   */
  lockWaitMs?: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  endpoints?: Endpoints;
}

/** The telematics parameters of a user. */
export interface Telematics {
  enableTracking?: boolean;
  enableLogging?: boolean;
  enableRealtimeLocation?: boolean;
  enabled?: boolean;
}

export type Gender = 'Male' | 'Female' | 'None' | 'Other';
export type MaritalStatus = 'Married' | 'Widowed' | 'Divorced' | 'Single' | '1' | '2' | '3' | '4' | 1 | 2 | 3 | 4;

/** A user's profile fields; every field is optional. */
export interface UserInput {
  firstName?: string;
  lastName?: string;
  nickname?: string;
  email?: string;
  phone?: string;
  /** `yyyy-MM-dd`. */
  birthday?: string;
  /** `Other` is accepted by `updateUser` only. */
  gender?: Gender;
  maritalStatus?: MaritalStatus;
  /** A whole number from 0 to 1000. */
  childrenCount?: number;
  address?: string;
  country?: string;
  district?: string;
  city?: string;
  clientId?: string;
  /** Register with this id as the DeviceToken (register only). */
  customToken?: string;
  /** Ask for tokens (register only; the service's default is true). */
  createAccessToken?: boolean;
  telematics?: Telematics;
}

/** What `register` resolves to. */
export interface Registration {
  deviceToken: string;
  accessToken: string | null;
  refreshToken: string | null;
  /** Seconds. */
  expiresIn: number | null;
}

/** The signed-in user's credentials. */
export interface Session {
  deviceToken: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds, or null when unknown. */
  expiresAt: number | null;
}

/** Why the session changed. */
export type SessionChangeReason = 'registered' | 'login' | 'refreshed' | 'signed_out' | 'expired' | 'restored' | 'external';

/** What `getUser()` resolves to; unknown fields are null. */
export interface UserProfile {
  deviceToken: string | null;
  status: string | null;
  firstName: string | null;
  lastName: string | null;
  nickname: string | null;
  email: string | null;
  phone: string | null;
  /** `yyyy-MM-dd`. */
  birthday: string | null;
  gender: string | null;
  maritalStatus: string | null;
  childrenCount: number | null;
  address: string | null;
  country: string | null;
  district: string | null;
  city: string | null;
  clientId: string | null;
  telematics: Telematics;
}

export class UserClient {
  /** @throws {UserServiceError} `invalid_config` for bad options. */
  constructor(options?: UserClientOptions);
  /** Registers a user; stores the session when tokens come back. */
  register(user?: UserInput): Promise<Registration>;
  /**
   * Registers many users over `Registration/CreateMany` in batches (default 100). Each entry
   * carries its `index` in `users`; both lists are sorted by it. Does not touch this client's
   * session.
   */
  registerMany(users: UserInput[], options?: { batchSize?: number }): Promise<RegisterManyResult>;
  /** Logs in; stores the session. `{ deviceToken }` uses the instance key as the password. */
  login(credentials: { deviceToken: string } | { email: string; password: string } | { phone: string; password: string }): Promise<Session>;
  /**
   * Rotates the token pair now and stores both new tokens in one write. Concurrent callers, and
   * other tabs or clients over the same store, share one refresh. Rejects with `session_expired`
   * (and clears the session) when the service rejects the refresh token.
   */
  refresh(): Promise<Session>;
  /** The stored session, or null. */
  getSession(): Promise<Session | null>;
  /** Clears the stored session (the service has no logout endpoint). */
  signOut(): Promise<void>;
  /** The signed-in user's profile. */
  getUser(): Promise<UserProfile>;
  /** Updates the signed-in user, or with `{ deviceToken }` another user (admin session). */
  updateUser(changes: UserInput & { oldPassword?: string; newPassword?: string }, options?: { deviceToken?: string }): Promise<void>;
  /** Shorthand for `updateUser({ telematics: params }, options)`. */
  setTelematics(params: Telematics, options?: { deviceToken?: string }): Promise<void>;
  /** Deletes a user (admin session); an unknown user rejects with `not_found`. */
  deleteUser(deviceToken: string): Promise<void>;
  /**
   * `fetch` with `Authorization: Bearer <access token>`, for the service's other APIs: the token
   * is refreshed before it expires, concurrent calls share one refresh, and a 401 is replayed
   * once with a newer token. The replay's response is returned as it is, even a 401.
   * `init.signal` aborts the call (`aborted`); `timeoutMs` applies until the response head.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Calls `callback` on every session change; returns an unsubscribe function. */
  onSessionChange(callback: (session: Session | null, reason: SessionChangeReason) => void): () => void;
  /**
   * Releases the wasm memory of this client (calls in flight finish first); its methods then
   * throw `invalid_input`. A client whose object is collected is released too.
   */
  free(): void;
}

/** What `registerMany` resolves to. */
export interface RegisterManyResult {
  registered: (Registration & { index: number })[];
  failed: { index: number; error: UserServiceError }[];
}

/** A store over `localStorage`, shared by the origin's tabs. @throws {UserServiceError} `invalid_config` where there is none. */
export function localStorageStore(): SessionStore;
/** A store over `sessionStorage`, one session per tab. @throws {UserServiceError} `invalid_config` where there is none. */
export function sessionStorageStore(): SessionStore;
