import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { getSchema } from '../../server/schema';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Property-based fuzzing generated from the schema itself: every mutation with random inputs (random Unicode,
 * NUL bytes, huge strings, extreme numbers, malformed ids and cursors, sometimes valid values so that deeper code
 * runs), and random queries. Never a 5xx, never INTERNAL_SERVER_ERROR, and a rejected mutation writes nothing.
 * Seeds are printed: FC_SEED=<seed> reproduces a run.
 */
describe('fuzzing every mutation and query from the schema', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  const pools: Record<string, string[]> = { id: [], theme: ['env', 'env.waste', 'env.water.drinking', 'culture'], country: ['FR', 'BJ', 'MA', 'XX', 'fr', ''] };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    schema = await getSchema();
    const rows: { id: string }[] = await server.product.ds.query(
      `(SELECT id::text FROM local_authority ORDER BY population DESC NULLS LAST LIMIT 5) UNION ALL (SELECT id::text FROM listing LIMIT 5) UNION ALL (SELECT id::text FROM relationship LIMIT 3)`,
    );
    pools.id = [...rows.map((r) => r.id), '00000000-0000-0000-0000-000000000000', 'not-a-uuid', "1' OR '1'='1", '%', ''];
  }, 120_000);
  afterAll(() => server?.close());

  const nasty = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uFEFF', '\u202Eevil', '<script>alert(1)</script>', "'; DROP TABLE listing; --", '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ّ', '\n\t'),
    fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  );
  const scalar = (name: string, field: string): fc.Arbitrary<unknown> => {
    switch (name) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 1e7));
      case 'Float':
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308, -1e308, 5e-324));
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(fc.constantFrom(...pools.id), nasty);
      case 'DateTimeISO':
        return fc.oneof(fc.constantFrom('2027-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'yesterday', ''), nasty);
      default: {
        if (/country|countries|code/i.test(field)) return fc.oneof(fc.constantFrom(...pools.country), nasty);
        if (/theme/i.test(field)) return fc.oneof(fc.constantFrom(...pools.theme), nasty);
        if (/after|cursor/i.test(field)) return fc.oneof(fc.constantFrom('b2Zmc2V0OjEw', 'b2Zmc2V0Oi0x', 'b2Zmc2V0OjFlOTk=', '!!!'), nasty);
        if (/email/i.test(field)) return fc.oneof(fc.emailAddress(), nasty);
        return nasty;
      }
    }
  };
  const input = (type: GraphQLInputType, field: string, depth = 0): fc.Arbitrary<unknown> => {
    if (isNonNullType(type)) return input(type.ofType, field, depth);
    const nullable = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 9, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
    if (isListType(type)) return nullable(fc.oneof({ weight: 4, arbitrary: fc.array(input(type.ofType, field, depth + 1), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(input(type.ofType, field, depth + 1), { minLength: 60, maxLength: 80 }) }));
    if (isEnumType(type)) return nullable(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.value as string)) }, { weight: 1, arbitrary: fc.constant('NOT_A_VALUE') }));
    if (isScalarType(type)) return nullable(scalar(type.name, field));
    if (isInputObjectType(type)) {
      if (depth > 3) return fc.constant({});
      const fields = Object.values(type.getFields());
      const required = Object.fromEntries(fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, input(f.type, f.name, depth + 1)]));
      const optional = Object.fromEntries(fields.filter((f) => !(isNonNullType(f.type) && f.defaultValue === undefined)).map((f) => [f.name, input(f.type, f.name, depth + 1)]));
      return nullable(fc.tuple(fc.record(required), fc.record(optional, { requiredKeys: [] })).map(([a, b]) => ({ ...b, ...a })));
    }
    return fc.constant(null);
  };
  const typeRef = (t: GraphQLInputType): string => (isNonNullType(t) ? `${typeRef(t.ofType)}!` : isListType(t) ? `[${typeRef(t.ofType)}]` : getNamedType(t).name);
  const selection = (t: GraphQLOutputType, depth = 0): string => {
    const named = getNamedType(t);
    if (isUnionType(named)) return '{ __typename }';
    if (!isObjectType(named)) return '';
    const scalars = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)) && isScalarType(getNamedType(f.type)) && f.name !== 'contacts');
    const objects = depth < 1 ? Object.values(named.getFields()).filter((f) => isObjectType(getNamedType(f.type)) && !f.args.length && f.name !== 'contacts' && f.name !== 'correspondents').slice(0, 3) : [];
    return `{ __typename ${scalars.map((f) => f.name).join(' ')} ${objects.map((f) => `${f.name} ${selection(f.type, depth + 1)}`).join(' ')} }`;
  };
  const operation = (kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) => ({
    document: `${kind} F${field.args.length ? `(${field.args.map((a) => `$${a.name}: ${typeRef(a.type)}`).join(', ')})` : ''} { ${field.name}${field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} ${kind === 'mutation' ? (isUnionType(getNamedType(field.type)) || isObjectType(getNamedType(field.type)) ? '{ __typename }' : '') : selection(field.type)} }`,
    variables: fc.record(Object.fromEntries(field.args.map((a) => [a.name, input(a.type, a.name)]))),
  });

  const check = (res: Awaited<ReturnType<TestServer['gql']>>, label: string) => {
    if (res.status >= 500) throw new Error(`${label}: HTTP ${res.status}`);
    const internal = res.body.errors?.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
    if (internal) throw new Error(`${label}: INTERNAL_SERVER_ERROR ${internal.message}`);
    const leak = JSON.stringify(res.body).match(/QueryFailedError|SELECT |INSERT INTO|at [A-Za-z]+ \(|node_modules/);
    if (leak) throw new Error(`${label}: leaked ${leak[0]}`);
  };

  it('every mutation: no 5xx, no internal error, nothing written when rejected', async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.name !== 'signOut');
    const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
    console.log(`fuzz mutations: FC_SEED=${seed}`);
    const arb = fc.oneof(...mutations.map((m) => {
      const op = operation('mutation', m);
      return fc.record({ name: fc.constant(m.name), document: fc.constant(op.document), variables: op.variables, admin: fc.boolean() });
    }));
    let rejected = 0;
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(arb, async ({ name, document, variables, admin }) => {
        const before = await server.tableCounts();
        const res = await server.gql(document, variables as Record<string, unknown>, { admin });
        check(res, name);
        const outcome = res.body.errors?.length ? String(res.body.errors[0].extensions?.code) : 'accepted';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (res.body.errors?.length && !res.body.data) {
          rejected++;
          const after = await server.tableCounts();
          if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`${name} was rejected (${res.body.errors[0].message}) but wrote: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
      }),
      { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 300), endOnFailure: true },
    );
    console.log(`fuzz mutations: outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(rejected).toBeGreaterThan(50);
    // Some random inputs are valid: the fuzzer also reaches the code that writes.
    expect(outcomes.get('accepted') ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it('random queries: no 5xx, no internal error, no leak', async () => {
    const queries = Object.values(schema.getQueryType()!.getFields());
    const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
    console.log(`fuzz queries: FC_SEED=${seed}`);
    const arb = fc.oneof(...queries.map((q) => {
      const op = operation('query', q);
      return fc.record({ name: fc.constant(q.name), document: fc.constant(op.document), variables: op.variables, admin: fc.boolean() });
    }));
    await fc.assert(
      fc.asyncProperty(arb, async ({ name, document, variables, admin }) => check(await server.gql(document, variables as Record<string, unknown>, { admin }), name)),
      { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 300), endOnFailure: true },
    );
  }, 300_000);
});
