import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { validateSync } from 'class-validator';
import { AppError, ErrorCode, createFormatError, isDatabaseUnavailable } from '../../server/common/errors';
import { CreateListingInput } from '../../server/modules/listing/listing.inputs';

const reported: unknown[] = [];
const formatError = createFormatError((e) => reported.push(e));
const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['createListing'] });

describe('formatError', () => {
  beforeEach(() => (reported.length = 0));

  it('keeps an expected error’s code, message and field', () => {
    const out = formatError({ message: 'x' }, wrap(new AppError(ErrorCode.BAD_USER_INPUT, 'Unknown theme "zz".', 'input.themes[0].themeId', 'UNKNOWN_THEME')));
    expect(out.message).toBe('Unknown theme "zz".');
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.themes[0].themeId', reason: 'UNKNOWN_THEME' });
    expect(reported).toHaveLength(0);
  });

  it('turns class-validator failures into BAD_USER_INPUT with the field path', () => {
    const input = Object.assign(new CreateListingInput(), { authorityId: 'x', type: 'OFFER', title: '', description: 'ok', themes: [] });
    const errors = validateSync(input);
    const out = formatError({ message: 'Argument Validation Error' }, wrap(new ArgumentValidationError(errors)));
    expect(out.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (out.extensions?.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['input.title', 'input.themes']));
  });

  it('masks database errors: no SQL, no row content', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "local_authority_siren_uq"'), {
      code: '23505',
      detail: 'Key (siren)=(214502346) already exists.',
    });
    const out = formatError({ message: pgError.message }, wrap(pgError));
    expect(JSON.stringify(out)).not.toMatch(/siren|214502346|constraint/);
    expect(out.extensions?.code).toBe('CONFLICT');
  });

  it('masks unexpected errors and reports them server-side', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'email')");
    const out = formatError({ message: bug.message, path: ['createListing'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, wrap(bug));
    expect(out).toEqual({ message: 'Internal server error', path: ['createListing'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(reported).toEqual([bug]);
  });

  it('passes GraphQL validation errors through without extra detail', () => {
    // Apollo wraps graphql-js validation errors in its own ValidationError, keeping the original as originalError.
    const inner = new GraphQLError('Cannot query field "nope" on type "Query".');
    const err = new GraphQLError(inner.message, { originalError: inner, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const out = formatError({ message: err.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['...'] } }, err);
    expect(out.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [new Error('timeout exceeded when trying to connect')],
    [new Error('Connection terminated unexpectedly')],
    [new Error('Unexpected error value: { errno: -111, code: "ECONNREFUSED", syscall: "connect" }')],
    [Object.assign(new Error('Query failed'), { driverError: { code: '57P03', message: 'the database system is starting up' } })],
    [new Error('Timed out waiting for the embedded database connection')],
  ])('treats %p as unavailable', (err) => expect(isDatabaseUnavailable(err)).toBe(true));
  it.each([[{ code: '23505', message: 'duplicate key' }], [new Error('Cannot read properties of undefined')], [null], ['ECONNREFUSED as a string is not an error']])('does not treat %p as unavailable', (err) =>
    expect(isDatabaseUnavailable(err)).toBe(false),
  );
});
