// The error every rejection and throw of telematics-user carries. Built by the wasm shell; exported
// by the package entries from this very module, so `instanceof` holds for the class users import.
export class UserServiceError extends Error {
  constructor(code, message, status, fieldErrors, retryAfter) {
    super(message);
    this.name = 'UserServiceError';
    this.code = code;
    this.status = status ?? null;
    this.fieldErrors = fieldErrors ?? [];
    this.retryAfter = retryAfter ?? null;
  }
}
