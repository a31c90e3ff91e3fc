import { registerEnumType } from 'type-graphql';

export enum AuthorityKind {
  FRENCH = 'FRENCH',
  FOREIGN = 'FOREIGN',
}

export enum AuthorityLevel {
  COMMUNE = 'COMMUNE',
  EPCI = 'EPCI',
  DEPARTEMENT = 'DEPARTEMENT',
  REGION = 'REGION',
  OVERSEAS_COLLECTIVITY = 'OVERSEAS_COLLECTIVITY',
  MUNICIPALITY = 'MUNICIPALITY',
  PROVINCE = 'PROVINCE',
  OTHER = 'OTHER',
}

export const FRENCH_LEVELS = [AuthorityLevel.COMMUNE, AuthorityLevel.EPCI, AuthorityLevel.DEPARTEMENT, AuthorityLevel.REGION, AuthorityLevel.OVERSEAS_COLLECTIVITY, AuthorityLevel.OTHER];
export const FOREIGN_LEVELS = [AuthorityLevel.MUNICIPALITY, AuthorityLevel.PROVINCE, AuthorityLevel.OTHER];

export enum ForeignActorKind {
  NGO = 'NGO',
  DEVELOPMENT_AGENCY = 'DEVELOPMENT_AGENCY',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  INTERNATIONAL_ORGANISATION = 'INTERNATIONAL_ORGANISATION',
  COMPANY = 'COMPANY',
  ACADEMIC = 'ACADEMIC',
  OTHER = 'OTHER',
}

registerEnumType(AuthorityKind, { name: 'AuthorityKind', description: 'French collectivité territoriale or foreign local authority.' });
registerEnumType(AuthorityLevel, {
  name: 'AuthorityLevel',
  valuesConfig: {
    COMMUNE: { description: 'French commune' },
    EPCI: { description: 'French intercommunality (établissement public de coopération intercommunale)' },
    DEPARTEMENT: { description: 'French département' },
    REGION: { description: 'French région' },
    OVERSEAS_COLLECTIVITY: { description: "French overseas collectivity (collectivité d'outre-mer)" },
    MUNICIPALITY: { description: 'Foreign municipality' },
    PROVINCE: { description: 'Foreign province or region' },
    OTHER: { description: 'Any other kind of local authority' },
  },
});
registerEnumType(ForeignActorKind, { name: 'ForeignActorKind' });
