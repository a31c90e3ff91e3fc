import { LEVELS, LISTING_TYPES, useEnum, useI18n } from '../i18n';
import { Link } from '../router';
import { StatusBadge } from './ui';

export type ListingSummary = {
  id: string;
  title: string;
  type: string;
  status: string;
  publishedAt?: string | null;
  expiresAt?: string | null;
  authority: { id: string; name: string; level: string; population?: number | null; country: { nameFr: string; nameEn: string } };
  themes: { theme: { id: string; labelFr: string; labelEn: string } }[];
  targetCountries: { code: string; nameFr: string; nameEn: string }[];
};

export function ListingCard({ listing, headingLevel = 3 }: { listing: ListingSummary; headingLevel?: 2 | 3 }) {
  const { label, name, t, date } = useI18n();
  const e = useEnum();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="bp-card">
      <p className="fr-mb-1w">
        <span className={`fr-badge fr-badge--sm ${listing.type === 'OFFER' ? 'fr-badge--green-emeraude' : 'fr-badge--purple-glycine'} fr-mr-1w`}>{e(LISTING_TYPES, listing.type)}</span>
        {listing.status !== 'PUBLISHED' && <StatusBadge status={listing.status} />}
      </p>
      <H className="fr-h5">
        <Link href={`/annonces/${listing.id}`}>{listing.title}</Link>
      </H>
      <p className="fr-text--sm fr-mb-1w">
        <Link href={`/collectivites/${listing.authority.id}`}>{listing.authority.name}</Link> · {e(LEVELS, listing.authority.level)} · {name(listing.authority.country)}
        {listing.publishedAt && (
          <>
            {' '}
            · {t('publiée le', 'published on')} {date(listing.publishedAt)}
          </>
        )}
      </p>
      {listing.themes.length > 0 && (
        <ul className="fr-tags-group">
          {listing.themes.slice(0, 4).map((th) => (
            <li key={th.theme.id}>
              <span className="fr-tag fr-tag--sm">{label(th.theme)}</span>
            </li>
          ))}
        </ul>
      )}
      {listing.targetCountries.length > 0 && (
        <p className="fr-text--xs fr-mb-0 bp-muted">
          {t('Pays recherchés', 'Countries sought')} : {listing.targetCountries.map((c) => name(c)).join(', ')}
        </p>
      )}
    </article>
  );
}
