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

/** French for the API's validation messages (the API speaks English; its codes and field paths are the contract). */
const FRENCH: [RegExp, string][] = [
  [/^must not be blank$/, 'ne peut pas être vide'],
  [/^must not be negative$/, 'ne peut pas être négatif'],
  [/^must not contain control characters$/, 'ne doit pas contenir de caractères de contrôle'],
  [/^must not contain NUL characters$/, 'ne doit pas contenir le caractère NUL'],
  [/^must be at most (\d+) characters$/, '$1 caractères au plus'],
  [/^must be at least (\d+) characters$/, '$1 caractères au moins'],
  [/^must be an e-mail address$/, 'doit être une adresse électronique'],
  [/^at least one theme is required$/, 'choisissez au moins une thématique'],
  [/^must be ISO 639-1 codes such as "fr"$/, 'codes ISO 639-1 attendus, par exemple « fr »'],
  [/^must be an ISO 3166-1 alpha-2 code such as "BJ"$/, 'code pays ISO à deux lettres attendu, par exemple « BJ »'],
  [/^must be a phone number$/, 'doit être un numéro de téléphone'],
  [/^must be a 9-digit SIREN number$/, 'doit être un numéro SIREN à 9 chiffres'],
  [/^must be an INSEE code such as "45234"$/, 'doit être un code INSEE, par exemple « 45234 »'],
  [/^max must not be below min\.$/, 'le maximum ne peut pas être inférieur au minimum'],
];
export function inFrench(message: string): string {
  const bare = message.replace(/^Invalid value for [^:]+: /, '');
  for (const [re, fr] of FRENCH) if (re.test(bare)) return bare.replace(re, fr);
  return message;
}

/** The API's validation errors by field path, without the argument prefix ("input.title" → "title"); in French when `lang` is "fr" and the message is known. */
export function fieldErrors(error: CombinedError | undefined, lang: 'fr' | 'en' = 'en'): FieldErrors {
  const out: FieldErrors = {};
  for (const e of error?.graphQLErrors ?? []) {
    const ext = e.extensions as { field?: string; fields?: { field: string; message: string }[] };
    const list = ext.fields?.length ? ext.fields : ext.field ? [{ field: ext.field, message: e.message }] : [];
    for (const f of list) {
      const key = f.field.replace(/^input\./, '');
      out[key] ??= lang === 'fr' ? inFrench(f.message) : f.message;
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

/** After a refused submission, moves the focus (and the view) to the first field the API named. */
export function focusFirstError(errors: FieldErrors): void {
  const first = Object.keys(errors)[0];
  if (!first) return;
  const id = `f-${first.replace(/[[.].*$/, '')}`;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
