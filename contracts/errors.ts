/**
 * Every error the platform can report, with its HTTP status. The message catalogues in
 * ./messages are `Record<ErrorCode, string>`, so a code without a translation fails to compile.
 */
export const ERROR_STATUS = {
  // generic
  VALIDATION_FAILED: 400,
  FIELD_REQUIRED: 400,
  FIELD_TYPE: 400,
  FIELD_TOO_LONG: 400,
  FIELD_TOO_SHORT: 400,
  FIELD_FORMAT: 400,
  FIELD_ENUM: 400,
  FIELD_RANGE: 400,
  FIELD_UNKNOWN: 400,
  DATE_INVALID: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  VERSION_CONFLICT: 409,
  INTERNAL: 500,
  // identity
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_LOCKED: 423,
  USERNAME_TAKEN: 409,
  PASSWORD_WEAK: 400,
  ROLE_UNKNOWN: 400,
  // resident ID number (GB 11643)
  ID_NUMBER_EMPTY: 400,
  ID_NUMBER_LENGTH: 400,
  ID_NUMBER_CHARACTERS: 400,
  ID_NUMBER_AREA: 400,
  ID_NUMBER_DATE: 400,
  ID_NUMBER_FUTURE: 400,
  ID_NUMBER_CHECKSUM: 400,
  // unified social credit code (GB 32100)
  CREDIT_CODE_EMPTY: 400,
  CREDIT_CODE_LENGTH: 400,
  CREDIT_CODE_CHARACTERS: 400,
  CREDIT_CODE_CHECKSUM: 400,
  PHONE_INVALID: 400,
  // org tree
  AREA_UNKNOWN: 400,
  AREA_NOT_FOUND: 404,
  AREA_CLOSED: 409,
  AREA_LEVEL_INVALID: 400,
  AREA_NOT_LEAF: 400,
  AREA_HAS_CHILDREN: 409,
  AREA_CODES_EXHAUSTED: 409,
  AREA_RENAME_DATE: 400,
  // registry
  PERSON_NOT_FOUND: 404,
  PERSON_DUPLICATE: 409,
  HOUSEHOLD_NOT_FOUND: 404,
  HOUSEHOLD_HAS_HEAD: 409,
  HOUSEHOLD_AREA_MISMATCH: 400,
  FACT_KIND_UNKNOWN: 400,
  FACT_VALUE_INVALID: 400,
  FACT_ENDS_BEFORE_START: 400,
  FACT_OVERLAP: 409,
  FACT_NOT_FOUND: 404,
  FACT_ALREADY_CLOSED: 409,
  FACT_BEFORE_BIRTH: 400,
  FACT_OPEN_ENDED_ONLY: 400,
  DISABILITY_CARD_MISMATCH: 400,
  // organisations and service points
  ORG_NOT_FOUND: 404,
  ORG_DUPLICATE_CREDIT_CODE: 409,
  SERVICE_POINT_NOT_FOUND: 404,
  SERVICE_POINT_CLOSED: 409,
  OPENING_HOURS_INVALID: 400,
  COORDINATES_INVALID: 400,
  // import
  IMPORT_FILE_TOO_LARGE: 413,
  IMPORT_FILE_TYPE: 415,
  IMPORT_FILE_UNREADABLE: 400,
  IMPORT_EMPTY: 400,
  IMPORT_UNKNOWN_COLUMN: 400,
  IMPORT_MISSING_COLUMN: 400,
  IMPORT_DUPLICATE_COLUMN: 400,
  IMPORT_DUPLICATE_IN_FILE: 400,
  IMPORT_HAS_ERRORS: 409,
  IMPORT_NOT_FOUND: 404,
  IMPORT_NOT_READY: 409,
  IMPORT_ALREADY_COMMITTED: 409,
  HUKOU_INVALID: 400,
  RELATION_INVALID: 400,
  NAME_INVALID: 400,
  IMPORT_AREA_AMBIGUOUS: 400,
  IMPORT_AREA_STREET_MISMATCH: 400,
  IMPORT_AREA_OUT_OF_SCOPE: 403,
  IMPORT_HOUSEHOLD_AREA: 400,
  IMPORT_HOUSEHOLD_TWO_HEADS: 400,
  IMPORT_HOUSEHOLD_NO_HEAD: 400,
  IMPORT_HOUSEHOLD_REQUIRED: 400,
  IMPORT_ID_AS_NUMBER: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** A field-level problem: which field (and, in imports, which line), which code, its parameters. */
export interface FieldIssue {
  field: string;
  code: ErrorCode;
  params?: Record<string, string | number>;
  line?: number;
  value?: string;
}

/** The JSON body of every error response. `message` is already translated for the request's language. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    params?: Record<string, string | number>;
    issues?: (FieldIssue & { message: string })[];
  };
}
