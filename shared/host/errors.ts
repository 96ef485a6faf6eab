/** Every failure that crosses the host boundary is one of these, serialisable as JSON. */
export type HostErrorCode =
  | 'bad_request' // params do not match the request's schema
  | 'unknown_method'
  | 'unauthorized' // wrong sender or missing token
  | 'version_mismatch'
  | 'refused' // valid request the host declines (e.g. a file: URL to openExternal)
  | 'unavailable' // the host cannot do this here
  | 'internal';

export interface SerializedHostError {
  code: HostErrorCode;
  message: string;
}

export class HostError extends Error {
  readonly code: HostErrorCode;
  constructor(code: HostErrorCode, message: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
  }

  toJSON(): SerializedHostError {
    return { code: this.code, message: this.message };
  }

  static from(value: unknown): HostError {
    if (value instanceof HostError) return value;
    if (isSerializedHostError(value)) return new HostError(value.code, value.message);
    const message = value instanceof Error ? value.message : String(value);
    return new HostError('internal', message);
  }
}

const CODES: ReadonlySet<string> = new Set<HostErrorCode>([
  'bad_request',
  'unknown_method',
  'unauthorized',
  'version_mismatch',
  'refused',
  'unavailable',
  'internal',
]);

export function isSerializedHostError(value: unknown): value is SerializedHostError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string';
}
