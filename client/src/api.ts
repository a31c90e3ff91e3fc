// The GraphQL client: same origin only, session cookie, POST (Apollo's CSRF prevention).
import { Client, cacheExchange, fetchExchange, type CombinedError } from 'urql';

export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  preferGetMethod: false,
  requestPolicy: 'cache-and-network',
  fetchOptions: { credentials: 'same-origin' },
});

export type FieldErrors = Record<string, string>;

/** The API's validation errors by field path, without the argument prefix ("input.title" → "title"). */
export function fieldErrors(error: CombinedError | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const e of error?.graphQLErrors ?? []) {
    const ext = e.extensions as { field?: string; fields?: { field: string; message: string }[] };
    const list = ext.fields?.length ? ext.fields : ext.field ? [{ field: ext.field, message: e.message }] : [];
    for (const f of list) {
      const key = f.field.replace(/^input\./, '');
      out[key] ??= f.message;
    }
  }
  return out;
}

/** The error of a field or of one of its items ("languages" also covers "languages[2]"). */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  return errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}[`) || k.startsWith(`${field}.`))?.[1];
}

/** A message for errors not tied to a field. */
export function generalError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'network';
  const e = error.graphQLErrors[0];
  return e ? e.message : null;
}
