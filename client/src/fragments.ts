import { graphql } from './gql';

export const ListingSummaryFields = graphql(`
  fragment ListingSummaryFields on Listing {
    id
    title
    type
    status
    publishedAt
    expiresAt
    authority { id name level population latitude longitude countryCode country { code nameFr nameEn } }
    themes { priority theme { id labelFr labelEn } }
    targetCountries { code nameFr nameEn }
  }
`);
