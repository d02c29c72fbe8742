// `telematics-user/builders`: the request builders, for runtimes that send requests themselves.
// Their .wasm is their own, so that neither they nor the client carry the other's code.
import type { Telematics, UserClientOptions, UserInput, UserServiceError } from './index.js';

/** The same class as the package root's: `instanceof` tells the errors of either. */
export { UserServiceError } from './index.js';
export type { FieldError, Telematics, UserInput, UserServiceErrorCode } from './index.js';

/** A request as plain data, for hosts that send requests themselves. */
export interface BuiltRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** A JSON string, or null. */
  body: string | null;
}

/** The options the builders read; `store` and `fetch` are ignored. */
export type BuilderOptions = Pick<UserClientOptions, 'baseUrl' | 'instanceId' | 'instanceKey' | 'endpoints'> & Partial<UserClientOptions>;

/** `POST Registration/Create`. @throws {UserServiceError} */
export function buildRegisterRequest(options: BuilderOptions, user?: UserInput): BuiltRequest;
/** `POST Registration/CreateMany`, in batches; invalid users are in no batch. @throws {UserServiceError} */
export function buildRegisterManyRequests(
  options: BuilderOptions,
  users: UserInput[],
  many?: { batchSize?: number },
): { batches: (BuiltRequest & { indices: number[] })[]; invalid: { index: number; error: UserServiceError }[] };
/** `POST Auth/Login`. @throws {UserServiceError} */
export function buildLoginRequest(
  options: BuilderOptions,
  credentials: { deviceToken: string } | { email: string; password: string } | { phone: string; password: string },
): BuiltRequest;
/** `POST RefreshToken` for a session's pair. @throws {UserServiceError} */
export function buildRefreshRequest(options: BuilderOptions, session: { accessToken: string; refreshToken: string }): BuiltRequest;
/** `GET Management/users`. @throws {UserServiceError} */
export function buildGetUserRequest(options: BuilderOptions, accessToken: string): BuiltRequest;
/** `PUT Management/users`; `{ deviceToken }` targets another user. @throws {UserServiceError} */
export function buildUpdateUserRequest(
  options: BuilderOptions,
  accessToken: string,
  changes: UserInput & { oldPassword?: string; newPassword?: string },
  target?: { deviceToken?: string },
): BuiltRequest;
/** `PUT Management/users` with only the telematics parameters. @throws {UserServiceError} */
export function buildSetTelematicsRequest(
  options: BuilderOptions,
  accessToken: string,
  params: Telematics,
  target?: { deviceToken?: string },
): BuiltRequest;
/** `DELETE Management/users/{deviceToken}`. @throws {UserServiceError} */
export function buildDeleteUserRequest(options: BuilderOptions, accessToken: string, deviceToken: string): BuiltRequest;
