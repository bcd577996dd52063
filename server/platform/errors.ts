import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '../../contracts/errors.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, issues?: FieldIssue[]) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.issues = issues;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A single-field validation failure, reported as VALIDATION_FAILED with one issue. */
export function fieldError(
  field: string,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError('VALIDATION_FAILED', {}, [{ field, code, params: { field, ...params } }]);
}
