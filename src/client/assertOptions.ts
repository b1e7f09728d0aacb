import { ERROR_CODES, ValidationError } from './errors/index.js'

/** Option checks shared by every entry point; they run before any I/O. */
export function assertInteger(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `Option '${name}' must be an integer >= ${min}`
    )
  }
}

export function assertNonNegative(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(
      ERROR_CODES.invalidOptions,
      `Option '${name}' must be a finite number >= 0`
    )
  }
}
