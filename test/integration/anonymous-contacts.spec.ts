import { buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';
import { seededRandom } from '../../server/scripts/eval-matching-random';

/** Random anonymous queries, generated from the schema, never return a contact's e-mail or phone. */
describe('anonymous queries and personal data', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let secrets: string[];
  let ids: string[];

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    schema = buildClientSchema(ok<IntrospectionQuery>(await server.gql(getIntrospectionQuery())));
    // Contacts of every kind, including a signed-up user's e-mail.
    await server.gql(`mutation { signUp(input: { email: "secret.agent@example.org", password: "a long enough password", displayName: "Agent" }) { id } }`);
    secrets = (
      await server.product.ds.query(
        `SELECT email AS v FROM contact WHERE email IS NOT NULL UNION SELECT phone FROM contact WHERE phone IS NOT NULL
         UNION SELECT email FROM embassy_correspondent WHERE email IS NOT NULL UNION SELECT email FROM app_user`,
      )
    ).map((r: { v: string }) => r.v);
    expect(secrets.length).toBeGreaterThan(10);
    ids = (
      await server.product.ds.query(
        `SELECT id::text FROM local_authority WHERE id IN (SELECT authority_id FROM contact) UNION SELECT id::text FROM listing UNION SELECT id::text FROM relationship UNION SELECT id FROM theme`,
      )
    ).map((r: { id: string }) => r.id);
  }, 120_000);
  afterAll(() => server?.close());

  it('holds for 100 random queries (seed printed for reproduction)', async () => {
    const seed = Number(process.env.RANDOM_QUERY_SEED ?? Date.now() % 100000);
    process.stdout.write(`anonymous-contacts seed: ${seed}\n`);
    const rand = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

    const value = (type: GraphQLInputType, name: string): string => {
      if (isNonNullType(type)) return value(type.ofType, name);
      if (isListType(type)) return `[${value(type.ofType, name)}]`;
      if (isEnumType(type)) return pick(type.getValues()).name;
      if (isInputObjectType(type)) {
        const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || (f.name.endsWith('Id') && rand() < 0.7));
        return `{ ${fields.map((f) => `${f.name}: ${value(f.type, f.name)}`).join(', ')} }`;
      }
      if (isScalarType(type)) {
        if (type.name === 'ID') return JSON.stringify(pick(ids));
        if (type.name === 'Int') return String(1 + Math.floor(rand() * 30));
        if (type.name === 'Boolean') return rand() < 0.5 ? 'true' : 'false';
        if (name === 'code') return JSON.stringify(pick(['BJ', 'FR', 'MA', 'ML']));
        return JSON.stringify(pick(['orleans', 'parakou', 'x']));
      }
      return 'null';
    };
    const selection = (type: GraphQLObjectType, depth: number): string => {
      const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
      const chosen = fields.filter(() => rand() < 0.35);
      if (!chosen.length) chosen.push(pick(fields));
      return chosen
        .map((f) => {
          const named = getNamedType(f.type);
          const args = f.args.filter((a) => isNonNullType(a.type) || rand() < 0.2).map((a) => `${a.name}: ${value(a.type, a.name)}`);
          const head = `${f.name}${args.length ? `(${args.join(', ')})` : ''}`;
          if (isLeafType(named)) return head;
          if (depth >= 3) return `${head} { __typename }`;
          if (isUnionType(named)) return `${head} { __typename ${named.getTypes().map((t) => `... on ${t.name} { ${selection(t, depth + 1)} }`).join(' ')} }`;
          return isObjectType(named) ? `${head} { ${selection(named, depth + 1)} }` : `${head} { __typename }`;
        })
        .join(' ');
    };

    const query = schema.getQueryType()!;
    const roots = Object.values(query.getFields()) as GraphQLField<unknown, unknown>[];
    let withData = 0;
    for (let i = 0; i < 100; i++) {
      // One root field per query, so that one failing field does not hide the others' data.
      const root = pick(roots);
      const named = getNamedType(root.type);
      const args = root.args.filter((a) => isNonNullType(a.type) || rand() < 0.3).map((a) => `${a.name}: ${value(a.type, a.name)}`);
      const head = `${root.name}${args.length ? `(${args.join(', ')})` : ''}`;
      const doc = `{ ${isLeafType(named) ? head : `${head} { ${selection(named as GraphQLObjectType, 1)} }`} }`;
      const res = await server.gql(doc);
      const text = JSON.stringify(res.body);
      for (const secret of secrets) if (text.includes(secret)) throw new Error(`Seed ${seed}: query ${doc} leaked ${secret}`);
      if (res.status >= 500) throw new Error(`Seed ${seed}: HTTP ${res.status} for ${doc}: ${text.slice(0, 300)}`);
      if (res.body.data) withData++;
    }
    expect(withData).toBeGreaterThan(20); // many queries really ran
  }, 240_000);
});
