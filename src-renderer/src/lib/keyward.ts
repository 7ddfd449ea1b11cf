import type { IpcError, IpcResult } from '@shared/errors'

/** The typed bridge to main; stores call it through the lib wrappers, never window.keyward directly. */
export const api = window.keyward

/** Thrown by `unwrap` so stores can catch one type with a user-facing message. */
export class ApiCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message)
    this.name = 'ApiCallError'
  }
}

/** Returns the value of a successful result, throws ApiCallError otherwise. */
export async function unwrap<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const r = await result
  if (r.ok) return r.value
  throw new ApiCallError(r.error)
}

/** The IpcError behind anything thrown, so the UI can show words a user can act on. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof ApiCallError) return error.error
  // Never echo arbitrary exception text: it might contain input the user pasted.
  return { code: 'INTERNAL', message: 'Something went wrong inside Keyward. Try again; if it persists, restart the app.' }
}
