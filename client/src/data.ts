// Reference data shared by every page (cached by urql for the session).
import { useQuery } from 'urql';
import { graphql } from './gql';

const ThemesDoc = graphql(`
  query Themes { themes { id labelFr labelEn level parentId } }
`);
const CountriesDoc = graphql(`
  query Countries {
    countries { code nameFr nameEn region authorityCount relationshipCount listingCount latitude longitude }
  }
`);

export function useThemes() {
  const [{ data }] = useQuery({ query: ThemesDoc, requestPolicy: 'cache-first' });
  return data?.themes ?? [];
}

export function useCountries() {
  const [{ data }] = useQuery({ query: CountriesDoc, requestPolicy: 'cache-first' });
  return data?.countries ?? [];
}
