import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorFor, fieldErrors, focusFirstError } from '../api';
import { CountryPicker, ErrorAlert, Field, LevelCheckboxes, Loading, ThemePicker } from '../components/ui';
import { graphql } from '../gql';
import type { AuthorityLevel, ListingType } from '../gql/graphql';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const EditDoc = graphql(`
  query ListingForEdit($id: ID!) {
    listing(id: $id) {
      id type title description authorityId version status desiredLevels languages populationMin populationMax expectedDurationMonths maxAcceptedInterests
      targetCountryCodes
      themes { priority theme { id } }
    }
  }
`);
const CreateDoc = graphql(`mutation CreateListing($input: CreateListingInput!) { createListing(input: $input) { id } }`);
const UpdateDoc = graphql(`
  mutation UpdateListing($input: UpdateListingInput!) {
    updateListing(input: $input) { __typename ... on Listing { id version } ... on VersionConflict { message currentVersion } }
  }
`);

type Form = {
  authorityId: string;
  type: ListingType;
  title: string;
  description: string;
  themes: string[];
  targetCountries: string[];
  desiredLevels: string[];
  populationMin: string;
  populationMax: string;
  languages: string;
  expectedDurationMonths: string;
  maxAcceptedInterests: string;
};
const intOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

export function ListingFormPage({ id }: { id?: string }) {
  const { t, lang } = useI18n();
  const { me, loading } = useSession();
  const { params } = useLocation();
  const [{ data, fetching }] = useQuery({ query: EditDoc, variables: { id: id ?? '' }, pause: !id });
  const [form, setForm] = useState<Form>({
    authorityId: params.get('authority') ?? '',
    type: (params.get('type') as ListingType) ?? 'OFFER',
    title: '',
    description: '',
    themes: [],
    targetCountries: [],
    desiredLevels: [],
    populationMin: '',
    populationMax: '',
    languages: 'fr',
    expectedDurationMonths: '',
    maxAcceptedInterests: '',
  });
  const [version, setVersion] = useState(0);
  const [conflict, setConflict] = useState<string | null>(null);
  useEffect(() => {
    const l = data?.listing;
    if (!l) return;
    setVersion(l.version);
    setForm({
      authorityId: l.authorityId,
      type: l.type,
      title: l.title,
      description: l.description,
      themes: [...l.themes].sort((a, b) => a.priority - b.priority).map((x) => x.theme.id),
      targetCountries: l.targetCountryCodes,
      desiredLevels: l.desiredLevels,
      populationMin: l.populationMin?.toString() ?? '',
      populationMax: l.populationMax?.toString() ?? '',
      languages: l.languages.join(', '),
      expectedDurationMonths: l.expectedDurationMonths?.toString() ?? '',
      maxAcceptedInterests: l.maxAcceptedInterests?.toString() ?? '',
    });
  }, [data]);
  const [created, create] = useMutation(CreateDoc);
  const [updated, update] = useMutation(UpdateDoc);
  const state = id ? updated : created;
  const errs = fieldErrors(state.error, lang);
  useEffect(() => focusFirstError(fieldErrors(state.error)), [state.error]);
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  if (loading || (id && fetching && !data)) return <Loading />;
  if (!me)
    return (
      <p className="fr-mt-4w">
        <Link href="/connexion">{t('Connectez-vous pour publier une annonce.', 'Sign in to publish a listing.')}</Link>
      </p>
    );
  const authorities = me.authorities;
  if (!authorities.length) return <p className="fr-mt-4w">{t("Votre compte n'est rattaché à aucune collectivité : demandez au ministère de vous y rattacher.", 'Your account does not act for any authority yet: ask the ministry to attach you to one.')}</p>;

  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setConflict(null);
    const common = {
      title: form.title,
      description: form.description,
      themes: form.themes.map((themeId, i) => ({ themeId, priority: Math.min(5, i + 1) })),
      targetCountries: form.targetCountries,
      desiredLevels: form.desiredLevels as AuthorityLevel[],
      populationMin: intOrNull(form.populationMin),
      populationMax: intOrNull(form.populationMax),
      languages: form.languages.split(/[\s,;]+/).filter(Boolean),
      expectedDurationMonths: intOrNull(form.expectedDurationMonths),
      maxAcceptedInterests: intOrNull(form.maxAcceptedInterests),
    };
    if (id) {
      const r = await update({ input: { id, version, ...common } });
      const res = r.data?.updateListing;
      if (res?.__typename === 'VersionConflict') setConflict(res.message);
      else if (res?.__typename === 'Listing') navigate(`/annonces/${id}`);
    } else {
      const r = await create({ input: { ...common, authorityId: form.authorityId || authorities[0].id, type: form.type } });
      if (r.data) navigate(`/annonces/${r.data.createListing.id}`);
    }
  };
  const unknownError = state.error && !Object.keys(errs).length ? state.error : null;
  const firstErrorField = Object.keys(errs)[0];
  return (
    <form className="fr-mt-4w" onSubmit={onSubmit} noValidate aria-labelledby="form-title">
      <h1 id="form-title">{id ? t("Modifier l'annonce", 'Edit listing') : t('Nouvelle annonce de partenariat', 'New partnership listing')}</h1>
      <p className="bp-muted">{t("L'annonce est enregistrée comme brouillon ; soumettez-la ensuite à la modération du ministère.", 'The listing is saved as a draft; then submit it to the ministry for review.')}</p>
      {firstErrorField && (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{t('Le formulaire contient des erreurs : corrigez les champs signalés.', 'The form has errors: fix the fields marked below.')}</p>
        </div>
      )}
      <ErrorAlert error={unknownError ?? conflict} />
      {!id && (
        <>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="f-authority">
              {t('Collectivité', 'Authority')}
            </label>
            <select id="f-authority" className="fr-select" value={form.authorityId || authorities[0].id} onChange={(ev) => set('authorityId')(ev.target.value)}>
              {authorities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="fr-fieldset" aria-labelledby="f-type-legend">
            <legend id="f-type-legend" className="fr-fieldset__legend">
              {t("Type d'annonce", 'Listing type')}
            </legend>
            {(['OFFER', 'REQUEST'] as const).map((v) => (
              <div key={v} className="fr-fieldset__element fr-fieldset__element--inline">
                <div className="fr-radio-group">
                  <input type="radio" id={`f-type-${v}`} name="f-type" checked={form.type === v} onChange={() => set('type')(v)} />
                  <label className="fr-label" htmlFor={`f-type-${v}`}>
                    {v === 'OFFER' ? t('Offre de partenariat', 'Partnership offer') : t('Demande de partenariat', 'Partnership request')}
                  </label>
                </div>
              </div>
            ))}
          </fieldset>
        </>
      )}
      <Field name="title" label={t('Titre', 'Title')} value={form.title} onChange={set('title')} error={errs.title} required />
      <Field name="description" label={t('Description', 'Description')} hint={t('Contexte, objectifs, moyens envisagés.', 'Context, aims, planned means.')} value={form.description} onChange={set('description')} textarea error={errs.description} required />
      <ThemePicker name="f-themes" legend={t('Thématiques (cochez par ordre de priorité)', 'Themes (tick in order of priority)')} value={form.themes} onChange={set('themes')} error={errorFor(errs, 'themes')} />
      <CountryPicker name="f-countries" label={t('Pays où un partenaire est recherché', 'Countries where a partner is sought')} value={form.targetCountries} onChange={set('targetCountries')} error={errorFor(errs, 'targetCountries')} />
      <LevelCheckboxes name="f-level" inline legend={t('Niveaux de partenaire recherchés', 'Partner levels sought')} value={form.desiredLevels} onChange={set('desiredLevels')} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Field name="populationMin" type="number" label={t('Population minimale du partenaire', "Partner's minimum population")} value={form.populationMin} onChange={set('populationMin')} error={errs.populationMin} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Field name="populationMax" type="number" label={t('Population maximale du partenaire', "Partner's maximum population")} value={form.populationMax} onChange={set('populationMax')} error={errs.populationMax} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Field name="languages" label={t('Langues de travail', 'Working languages')} hint={t('Codes ISO séparés par des virgules, ex. : fr, en', 'ISO codes separated by commas, e.g. fr, en')} value={form.languages} onChange={set('languages')} error={errorFor(errs, 'languages')} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Field name="expectedDurationMonths" type="number" label={t('Durée prévue (mois)', 'Expected duration (months)')} value={form.expectedDurationMonths} onChange={set('expectedDurationMonths')} error={errs.expectedDurationMonths} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Field name="maxAcceptedInterests" type="number" label={t("Nombre max. d'intérêts acceptés", 'Max. accepted interests')} value={form.maxAcceptedInterests} onChange={set('maxAcceptedInterests')} error={errs.maxAcceptedInterests} />
        </div>
      </div>
      <ul className="fr-btns-group fr-btns-group--inline">
        <li>
          <button className="fr-btn" type="submit" disabled={state.fetching}>
            {id ? t('Enregistrer', 'Save') : t('Enregistrer le brouillon', 'Save draft')}
          </button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" href={id ? `/annonces/${id}` : '/espace'}>
            {t('Annuler', 'Cancel')}
          </Link>
        </li>
      </ul>
    </form>
  );
}
