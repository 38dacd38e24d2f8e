/** Errors a user can act on: the message says what happened and what to do. Everything else is a bug. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(what = 'operation') {
    super(`${what} cancelled; nothing was stored`);
  }
}
