import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorFor, fieldErrors, focusFirstError } from '../api';
import { ErrorAlert, Field, Loading, ThemePicker } from '../components/ui';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { canEdit, useSession } from '../session';

const FicheEditDoc = graphql(`
  query FicheForEdit($id: ID!) {
    localAuthority(id: $id) { id name version description website population languages mainActivities themes { id } }
  }
`);
const UpdateFicheDoc = graphql(`
  mutation UpdateFiche($input: UpdateLocalAuthorityInput!) {
    updateLocalAuthority(input: $input) { __typename ... on LocalAuthority { id version } ... on VersionConflict { message } }
  }
`);

export function FicheEditPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { me, loading } = useSession();
  const [{ data }] = useQuery({ query: FicheEditDoc, variables: { id }, requestPolicy: 'network-only' });
  const [state, update] = useMutation(UpdateFicheDoc);
  const [form, setForm] = useState({ description: '', website: '', population: '', languages: '', mainActivities: '', themes: [] as string[] });
  const [conflict, setConflict] = useState<string | null>(null);
  useEffect(() => {
    const a = data?.localAuthority;
    if (a)
      setForm({
        description: a.description ?? '',
        website: a.website ?? '',
        population: a.population?.toString() ?? '',
        languages: a.languages.join(', '),
        mainActivities: a.mainActivities.join('\n'),
        themes: a.themes.map((x) => x.id),
      });
  }, [data]);
  useEffect(() => focusFirstError(fieldErrors(state.error)), [state.error]);
  if (loading || !data) return <Loading />;
  const a = data.localAuthority;
  if (!canEdit(me, a.id)) return <p className="fr-mt-4w">{t("Seuls les agents de cette collectivité peuvent modifier sa fiche.", "Only this authority's agents can edit its fiche.")}</p>;
  const errs = fieldErrors(state.error, lang);
  const set = (k: keyof typeof form) => (v: string | string[]) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <form
      className="fr-mt-4w"
      noValidate
      aria-labelledby="fiche-edit-title"
      onSubmit={async (ev) => {
        ev.preventDefault();
        setConflict(null);
        const r = await update({
          input: {
            id,
            version: a.version,
            description: form.description || null,
            website: form.website || null,
            population: form.population.trim() === '' ? null : Number(form.population),
            languages: form.languages.split(/[\s,;]+/).filter(Boolean),
            mainActivities: form.mainActivities.split('\n').map((s) => s.trim()).filter(Boolean),
            themes: form.themes,
          },
        });
        const res = r.data?.updateLocalAuthority;
        if (res?.__typename === 'VersionConflict') setConflict(res.message);
        else if (res) navigate(`/collectivites/${id}`);
      }}
    >
      <h1 id="fiche-edit-title">
        {t('Modifier la fiche', 'Edit the fiche')} — {a.name}
      </h1>
      <ErrorAlert error={conflict ?? (state.error && !Object.keys(errs).length ? state.error : null)} />
      <Field name="description" label={t('Présentation', 'Presentation')} value={form.description} onChange={set('description')} textarea error={errs.description} />
      <Field name="website" label={t('Site internet', 'Website')} hint="https://…" value={form.website} onChange={set('website')} error={errs.website} />
      <Field name="population" type="number" label={t('Population', 'Population')} value={form.population} onChange={set('population')} error={errs.population} />
      <Field name="languages" label={t('Langues de travail', 'Working languages')} hint={t('Codes ISO, ex. : fr, en', 'ISO codes, e.g. fr, en')} value={form.languages} onChange={set('languages')} error={errorFor(errs, 'languages')} />
      <Field name="mainActivities" label={t('Principales activités (une par ligne)', 'Main activities (one per line)')} value={form.mainActivities} onChange={set('mainActivities')} textarea error={errorFor(errs, 'mainActivities')} />
      <ThemePicker name="fiche-themes" legend={t('Objectifs souhaités (thématiques)', 'Desired objectives (themes)')} value={form.themes} onChange={set('themes')} error={errs.themes} />
      <ul className="fr-btns-group fr-btns-group--inline fr-mt-2w">
        <li>
          <button className="fr-btn" type="submit" disabled={state.fetching}>
            {t('Enregistrer', 'Save')}
          </button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href={`/collectivites/${id}`}>
            {t('Annuler', 'Cancel')}
          </Link>
        </li>
      </ul>
    </form>
  );
}
