import { ArrayMaxSize, IsInt, Matches, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';

/** Control characters (NUL included) are never valid in text; tabs and new lines only where multi-line. */
const SINGLE_LINE = /^[^\u0000-\u001F\u007F]*$/;
const MULTI_LINE = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

function combine(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** A single-line text: no control characters, not blank, at most `max` characters. */
export function Line(max = 200, options: ValidationOptions = {}): PropertyDecorator {
  return combine(
    MaxLength(max, { ...options, message: `must be at most ${max} characters` }),
    Matches(SINGLE_LINE, { ...options, message: 'must not contain control characters' }),
    Matches(/\S/, { ...options, message: 'must not be blank' }),
  );
}

/** Any text (passwords, tokens, e-mails as typed, ids): only NUL is refused, as PostgreSQL cannot store it. */
export function NoNul(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(/^[^\u0000]*$/, { ...options, message: 'must not contain NUL characters' });
}

/** A multi-line text: tabs and new lines allowed, other control characters not. */
export function Text(max = 20000): PropertyDecorator {
  return combine(MaxLength(max, { message: `must be at most ${max} characters` }), Matches(MULTI_LINE, { message: 'must not contain control characters' }));
}

/** ISO 3166-1 alpha-2 code format (existence is checked against the database by the service). */
export function CountryCode(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(/^[A-Z]{2}$/, { ...options, message: 'must be an ISO 3166-1 alpha-2 code such as "BJ"' });
}

/** ISO 639-1 language codes. */
export function LanguageCodes(): PropertyDecorator {
  return combine(ArrayMaxSize(20), Matches(/^[a-z]{2}$/, { each: true, message: 'must be ISO 639-1 codes such as "fr"' }));
}

export function Population(): PropertyDecorator {
  return combine(IsInt(), Min(0, { message: 'must not be negative' }), Max(2_000_000_000));
}

export function Year(): PropertyDecorator {
  return combine(IsInt(), Min(1900), Max(2100));
}

/** A web address starting with http:// or https://. */
export function WebUrl(): PropertyDecorator {
  return combine(
    MaxLength(500),
    ValidateBy({
      name: 'webUrl',
      validator: {
        validate: (v: unknown) => {
          if (typeof v !== 'string' || !/^https?:\/\//i.test(v) || /\s/.test(v)) return false;
          try {
            new URL(v);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'must be a web address starting with http:// or https://',
      },
    }),
  );
}

export function IsoDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isoDate',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      defaultMessage: () => 'must be a date written YYYY-MM-DD',
    },
  });
}

export function NotBlank(): PropertyDecorator {
  return Matches(/\S/, { message: 'must not be blank' });
}
