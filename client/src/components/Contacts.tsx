import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const ContactsDoc = graphql(`
  query AuthorityContacts($id: ID!) { localAuthority(id: $id) { id contacts { id name function email phone } } }
`);

/** An authority's contacts, when the viewer may see them (own authority, ministry, or both sides agreed). */
export function Contacts({ authorityId }: { authorityId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [{ data, error, fetching }] = useQuery({ query: ContactsDoc, variables: { id: authorityId }, pause: !me, requestPolicy: 'cache-and-network' });
  if (!me) return <p className="bp-muted">{t('Connectez-vous : les coordonnées sont transmises par la plateforme une fois les deux parties d’accord.', 'Sign in: contacts are passed on through the platform once both sides agree.')}</p>;
  if (fetching && !data) return null;
  const contacts = data?.localAuthority.contacts;
  if (!contacts || error) return <p className="bp-muted" data-testid="contacts-hidden">{t('Coordonnées masquées : elles sont visibles une fois une manifestation d’intérêt acceptée ou un rapprochement approuvé par le ministère.', 'Contacts hidden: they become visible once an expression of interest is accepted or a match approved by the ministry.')}</p>;
  if (!contacts.length) return <p className="bp-muted">{t('Aucun contact renseigné.', 'No contact given.')}</p>;
  return (
    <ul data-testid="contacts">
      {contacts.map((c) => (
        <li key={c.id}>
          <strong>{c.name}</strong>
          {c.function && `, ${c.function}`}
          {c.email && (
            <>
              {' '}
              — <a href={`mailto:${c.email}`}>{c.email}</a>
            </>
          )}
          {c.phone && ` — ${c.phone}`}
        </li>
      ))}
    </ul>
  );
}
