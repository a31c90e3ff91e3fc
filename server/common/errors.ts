import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';

/** Stable error codes a client can rely on (in `extensions.code`). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  CONFLICT = 'CONFLICT',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An expected failure, raised by services with a user-friendly message and the offending field. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Path of the offending argument field, e.g. `input.title` or `first`. */
    readonly field?: string,
    /** Stable machine-readable reason, e.g. `UNKNOWN_COUNTRY`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string, reason = 'INVALID') => new AppError(ErrorCode.BAD_USER_INPUT, message, field, reason);
export const notFound = (field: string, message: string) => new AppError(ErrorCode.NOT_FOUND, message, field, 'NOT_FOUND');
/**
 * An id that points nowhere: NOT_FOUND when it is what was looked up (`id` argument),
 * BAD_USER_INPUT when it is a reference inside an input or filter.
 */
export const missing = (field: string, what: string) =>
  field === 'id' ? notFound(field, `No ${what} has this id.`) : badInput(field, `No ${what} has this id.`, `UNKNOWN_${what.toUpperCase().replace(/ /g, '_')}`);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message, undefined, 'FORBIDDEN');

interface FieldProblem {
  field: string;
  message: string;
  constraint: string;
}

/** Flattens class-validator errors (nested inputs included) into field paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const field = prefix ? (isIndex ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) out.push({ field, message, constraint });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Arguments are named after their class by convention: `…Input` → `input`, `…Filter` → `filter`. */
function argumentNameFor(target: unknown): string {
  const name = (target as { constructor?: { name?: string } })?.constructor?.name ?? '';
  if (name.endsWith('Filter')) return 'filter';
  if (name.endsWith('Input')) return 'input';
  return '';
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300', '57014']);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * Messages of the drivers (pg, pg-pool, TypeORM, our PGlite pool) when the database cannot be reached in time, or
 * dropped the connection mid-request (TypeORM then reports its query runner as already released). A refused
 * connection may reach us as a plain object that graphql-js wrapped in an Error whose message holds its code.
 */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Timed out waiting for the embedded database connection|Client has encountered a connection error|Connection is not established|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Cannot use a pool after calling end|already released|\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EPIPE)\b/i;

/** The database is down, restarting, unreachable or saturated: the client should retry, nothing is wrong with its request. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (typeof e.code === 'string' && (PG_UNAVAILABLE.has(e.code) || NETWORK_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

function isDatabaseError(err: unknown): err is { code: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
}

/** Codes of errors raised by GraphQL itself or Apollo before any resolver runs: safe to show as they are. */
const GRAPHQL_LEVEL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'UNAUTHORIZED',
  'FORBIDDEN',
]);

export type ErrorReporter = (err: unknown) => void;

/**
 * The one place where errors become client-visible. Expected errors keep their code, message and field;
 * everything else is masked: no SQL, stack trace or row content reaches a client.
 */
export function createFormatError(report: ErrorReporter) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { code: original.code, field: original.field, reason: original.reason } };
    }
    const ext = (original instanceof GraphQLError ? original.extensions : formatted.extensions) ?? {};
    if (ext.code === 'BAD_USER_INPUT' && Array.isArray(ext.validationErrors)) {
      const problems = (ext.validationErrors as ValidationError[]).flatMap((v) => flattenValidationErrors([v], argumentNameFor(v.target)));
      const first = problems[0];
      return {
        ...base,
        message: first ? `Invalid value for ${first.field}: ${first.message}` : 'Invalid input',
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: first?.field, reason: first?.constraint, fields: problems },
      };
    }
    if (isDatabaseError(original)) {
      if (original.code === PG_UNIQUE_VIOLATION) {
        return { ...base, message: 'A record with the same identifier already exists.', extensions: { code: ErrorCode.CONFLICT, reason: 'DUPLICATE' } };
      }
      if (original.code === '22021' || original.code === '22P05') {
        // Safety net behind the input validators: a character PostgreSQL cannot store (NUL) reached a query.
        return { ...base, message: 'The input contains a character that cannot be stored (NUL).', extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'INVALID_CHARACTER' } };
      }
      if (original.code === PG_FOREIGN_KEY_VIOLATION) {
        return { ...base, message: 'A referenced record does not exist or is still in use.', extensions: { code: ErrorCode.CONFLICT, reason: 'REFERENCE' } };
      }
    }
    if (isDatabaseUnavailable(original)) {
      report(original);
      return { ...base, message: 'The service is temporarily unavailable, please retry.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    // GraphQL's own errors (syntax, validation, variable coercion) carry a code and no originalError from our code.
    // Apollo adds the code of its own errors (e.g. BAD_USER_INPUT for variable coercion) to the formatted error only.
    const rawCode = ext.code ?? formatted.extensions?.code;
    const code = typeof rawCode === 'string' ? rawCode : undefined;
    const isGraphQLLevel =
      original instanceof GraphQLError && (!original.originalError || original.originalError instanceof GraphQLError) && code !== undefined && GRAPHQL_LEVEL_CODES.has(code);
    if (isGraphQLLevel) {
      return { ...base, extensions: { code } };
    }
    report(original);
    return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
