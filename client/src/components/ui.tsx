// Small DSFR building blocks used across pages.
import { useMemo, useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { generalError, inFrench } from '../api';
import { Link } from '../router';
import { useCountries, useThemes } from '../data';
import { FACTORS, LEVELS, LISTING_STATUSES, useEnum, useI18n } from '../i18n';

export function ErrorAlert({ error }: { error?: CombinedError | string | null }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const raw = typeof error === 'string' ? error : generalError(error);
  const msg = raw && lang === 'fr' ? inFrench(raw) : raw;
  if (!msg) return null;
  return (
    <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
      <p>{msg === 'network' ? t('Le service est momentanément indisponible. Réessayez.', 'The service is temporarily unavailable. Try again.') : msg}</p>
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w" role="status">
      <p>{children}</p>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p aria-live="polite">{t('Chargement…', 'Loading…')}</p>;
}

let seq = 0;
export function useId(prefix: string) {
  return useMemo(() => `${prefix}-${++seq}`, [prefix]);
}

/**
 * A name search (a labelled field and its button): `onSearch` receives the trimmed text when submitted. Under two
 * characters it says so instead of searching.
 */
export function NameSearch({ name, label, onSearch }: { name: string; label: string; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [tooShort, setTooShort] = useState(false);
  return (
    <form
      className="bp-inline-form"
      role="search"
      onSubmit={(ev) => {
        ev.preventDefault();
        const text = q.trim();
        setTooShort(text.length < 2);
        onSearch(text);
      }}
    >
      <Field name={name} label={label} value={q} onChange={setQ} error={tooShort ? t('Au moins deux caractères.', 'At least two characters.') : undefined} />
      <button type="submit" className="fr-btn fr-btn--secondary fr-btn--sm">
        {t('Chercher', 'Search')}
      </button>
    </form>
  );
}

/** A labelled DSFR input with its API error shown inline. */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  textarea?: boolean;
  required?: boolean;
  name: string;
  autoComplete?: string;
}) {
  const id = `f-${props.name}`;
  const errId = `${id}-error`;
  const common = {
    id,
    name: props.name,
    className: `fr-input${props.error ? ' fr-input--error' : ''}`,
    value: props.value,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? errId : undefined,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
  };
  return (
    <div className={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={id}>
        {props.label}
        {props.hint && <span className="fr-hint-text">{props.hint}</span>}
      </label>
      {props.textarea ? <textarea {...common} rows={6} /> : <input {...common} type={props.type ?? 'text'} autoComplete={props.autoComplete} />}
      {props.error && (
        <p id={errId} className="fr-error-text">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const e = useEnum();
  const kind = status === 'PUBLISHED' ? 'success' : status === 'SUBMITTED' ? 'info' : status === 'DRAFT' ? 'new' : 'warning';
  return <span className={`fr-badge fr-badge--sm fr-badge--${kind}`}>{e(LISTING_STATUSES, status)}</span>;
}

/** Theme tree with checkboxes; the order of ticking is the priority order. */
export function ThemePicker({ value, onChange, legend, error, name }: { value: string[]; onChange: (v: string[]) => void; legend: string; error?: string; name: string }) {
  const themes = useThemes();
  const { label, t } = useI18n();
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = themes.filter((th) => !f || label(th).toLowerCase().includes(f) || value.includes(th.id));
  return (
    <fieldset className={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`} aria-labelledby={`${name}-legend`}>
      <legend className="fr-fieldset__legend" id={`${name}-legend`}>
        {legend}
      </legend>
      <div className="fr-fieldset__element">
        <label className="fr-label" htmlFor={`${name}-filter`}>
          {t('Filtrer les thématiques', 'Filter themes')}
        </label>
        <input id={`${name}-filter`} className="fr-input fr-mb-1w" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="bp-theme-tree">
          {shown.map((th) => (
            <div key={th.id} className="fr-checkbox-group fr-checkbox-group--sm" style={{ marginLeft: `${(th.level - 1) * 1.25}rem` }}>
              <input
                type="checkbox"
                id={`${name}-${th.id}`}
                checked={value.includes(th.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, th.id] : value.filter((v) => v !== th.id))}
              />
              <label className="fr-label" htmlFor={`${name}-${th.id}`}>
                {th.level === 1 ? <strong>{label(th)}</strong> : label(th)}
              </label>
            </div>
          ))}
        </div>
      </div>
      {error && <p className="fr-error-text fr-fieldset__element">{error}</p>}
    </fieldset>
  );
}

/** Adds countries one by one from a select; each chosen country is a removable tag. */
export function CountryPicker({ value, onChange, label: text, error, name }: { value: string[]; onChange: (v: string[]) => void; label: string; error?: string; name: string }) {
  const countries = useCountries();
  const { name: cname, t, lang } = useI18n();
  const sorted = useMemo(() => [...countries].sort((a, b) => cname(a).localeCompare(cname(b), lang)), [countries, cname, lang]);
  return (
    <div className={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <label className="fr-label" htmlFor={`${name}-select`}>
        {text}
      </label>
      <select
        id={`${name}-select`}
        className="fr-select"
        value=""
        onChange={(e) => e.target.value && !value.includes(e.target.value) && onChange([...value, e.target.value])}
      >
        <option value="">{t('Ajouter un pays…', 'Add a country…')}</option>
        {sorted.map((c) => (
          <option key={c.code} value={c.code}>
            {cname(c)}
          </option>
        ))}
      </select>
      {value.length > 0 && (
        <ul className="fr-tags-group fr-mt-1w">
          {value.map((code) => (
            <li key={code}>
              <button type="button" className="fr-tag fr-tag--sm fr-tag--dismiss" aria-label={`${t('Retirer', 'Remove')} ${cname(countries.find((c) => c.code === code)) || code}`} onClick={() => onChange(value.filter((v) => v !== code))}>
                {cname(countries.find((c) => c.code === code)) || code}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="fr-error-text">{error}</p>}
    </div>
  );
}

type Factor = { name: string; weight: number; value: number; contribution: number; explanationFr: string; explanationEn: string };

/** The score's factors as a small bar chart with their explanations. */
export function FactorChart({ factors }: { factors: Factor[] }) {
  const e = useEnum();
  const { lang, num, t } = useI18n();
  const max = Math.max(0.0001, ...factors.map((f) => f.contribution));
  const sorted = [...factors].filter((f) => f.weight > 0).sort((a, b) => b.contribution - a.contribution);
  // Factors that add nothing to this score (shown as 0,0 %) are folded away: their sentence still says why.
  const acting = sorted.filter((f) => f.contribution >= 0.0005);
  const idle = sorted.filter((f) => f.contribution < 0.0005);
  const row = (f: Factor) => (
    <li key={f.name} className="fr-m-0">
      <div className="bp-bar">
        <span className="name">{e(FACTORS, f.name)}</span>
        <span className="track" aria-hidden="true">
          <span className="fill" style={{ display: 'block', width: `${(f.contribution / max) * 100}%` }} />
        </span>
        <span className="value">{num(f.contribution * 100, 1)} %</span>
      </div>
      <p className="fr-text--xs fr-mb-1w bp-muted">{lang === 'fr' ? f.explanationFr : f.explanationEn}</p>
    </li>
  );
  return (
    <>
      <ul className="fr-p-0 fr-mb-1w" style={{ listStyle: 'none' }}>
        {acting.map(row)}
      </ul>
      {idle.length > 0 && (
        <details className="fr-text--xs bp-idle-factors">
          <summary>
            {t('Sans effet sur ce score', 'No effect on this score')} ({idle.length}) : {idle.map((f) => e(FACTORS, f.name)).join(', ')}
          </summary>
          <ul className="fr-p-0 fr-mt-1w" style={{ listStyle: 'none' }}>
            {idle.map(row)}
          </ul>
        </details>
      )}
    </>
  );
}

/** One ranked partner suggestion: rank, authority, level, country, score, and the explained factors; `children` adds actions. */
export function CandidateCard({ c, children }: { c: { rank: number; score: number; authority: { id: string; name: string; level: string; country: { nameFr: string; nameEn: string } }; factors: Factor[] }; children?: ReactNode }) {
  const e = useEnum();
  const { t, name, num } = useI18n();
  return (
    <li className="bp-card">
      <h3 className="fr-h6">
        {c.rank}. <Link href={`/collectivites/${c.authority.id}`}>{c.authority.name}</Link> — {e(LEVELS, c.authority.level)}, {name(c.authority.country)} — {t('score', 'score')} {num(c.score * 100, 0)} / 100
      </h3>
      <FactorChart factors={c.factors} />
      {children}
    </li>
  );
}

/** Horizontal bars for a dashboard (the numbers are also in the text for screen readers). */
export function Bars({ rows, caption }: { rows: { label: string; value: number }[]; caption: string }) {
  const { num } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="fr-m-0">
      <figcaption className="fr-text--sm fr-mb-1w">{caption}</figcaption>
      <ul className="fr-p-0" style={{ listStyle: 'none' }}>
        {rows.map((r) => (
          <li key={r.label} className="bp-bar fr-m-0">
            <span className="name">{r.label}</span>
            <span className="track" aria-hidden="true">
              <span className="fill" style={{ display: 'block', width: `${(r.value / max) * 100}%` }} />
            </span>
            <span className="value">{num(r.value)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** One checkbox per authority level (fieldset with its legend). */
export function LevelCheckboxes({ name, legend, value, onChange, inline, only }: { name: string; legend: string; value: string[]; onChange: (v: string[]) => void; inline?: boolean; only?: string[] }) {
  const e = useEnum();
  return (
    <fieldset className="fr-fieldset fr-mt-2w" aria-labelledby={`${name}-legend`}>
      <legend id={`${name}-legend`} className="fr-fieldset__legend fr-text--regular">
        {legend}
      </legend>
      {Object.keys(LEVELS)
        .filter((lv) => !only || only.includes(lv))
        .map((lv) => (
        <div key={lv} className={`fr-fieldset__element${inline ? ' fr-fieldset__element--inline' : ''}`}>
          <div className="fr-checkbox-group fr-checkbox-group--sm">
            <input type="checkbox" id={`${name}-${lv}`} checked={value.includes(lv)} onChange={(ev) => onChange(ev.target.checked ? [...value, lv] : value.filter((x) => x !== lv))} />
            <label className="fr-label" htmlFor={`${name}-${lv}`}>
              {e(LEVELS, lv)}
            </label>
          </div>
        </div>
      ))}
    </fieldset>
  );
}
