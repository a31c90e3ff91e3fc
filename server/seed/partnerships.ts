import type { EntityManager } from 'typeorm';
import { normalizeSearch } from '../common/text';

/**
 * The five real partnerships described in the seed pages (the ministry's Atlas and the City of Paris),
 * the matching fiches, embassies and a handful of demonstration listings. Facts (years, themes,
 * financing rows) come from the seed pages; every contact is fictitious and role-based
 * (…@example.org): the real people named in those pages never enter the database.
 */

const ATLAS = 'Atlas français de la coopération décentralisée (MEAE)';
const PARIS = 'Ville de Paris — Les actions de coopération décentralisée (2012)';

type Ref = { insee: string } | { geonames: number };

export const SEED_AUTHORITIES = {
  orleans: { insee: '45234' },
  dijon: { insee: '21231' },
  angouleme: { insee: '16015' },
  paris: { insee: '75056' },
  parakou: { geonames: 2392204 },
  chefchaouen: { geonames: 2553455 },
  segou: { geonames: 2451478 },
  phnomPenh: { geonames: 1821306 },
  rio: { geonames: 3451190 },
} satisfies Record<string, Ref>;

type Key = keyof typeof SEED_AUTHORITIES;

interface PartnershipSeed {
  a: Key;
  b: Key;
  kind: 'DECENTRALISED_COOPERATION' | 'TWINNING';
  title: string;
  description: string;
  firstConventionYear?: number;
  startYear: number;
  endYear?: number;
  startDate?: string;
  endDate?: string;
  status: 'ACTIVE' | 'ENDED';
  themes: [string, number][];
  fundings?: { funder: string; amountEur: number | null; waterOnePercentEur?: number | null; year: number }[];
  source: string;
}

export const PARTNERSHIPS: PartnershipSeed[] = [
  {
    a: 'orleans', b: 'parakou', kind: 'DECENTRALISED_COOPERATION',
    title: 'Accompagnement de Parakou : gestion des déchets et politique touristique et culturelle',
    description: "Coopération décentralisée depuis 1993, conventions triennales déclinées en programmes d'actions annuels. Le programme 2019-2022 accompagne la ville de Parakou, après deux diagnostics, dans sa politique de gestion des déchets et sa politique touristique et culturelle. Cofinancé par la Région Centre-Val de Loire, l'AFD et le ministère de l'Europe et des Affaires étrangères.",
    firstConventionYear: 1993, startYear: 2019, endYear: 2022, startDate: '2019-09-01', endDate: '2022-12-31', status: 'ENDED',
    themes: [['env.waste', 1], ['culture.heritage', 2], ['culture.tourism', 3]],
    source: ATLAS,
  },
  {
    a: 'dijon', b: 'chefchaouen', kind: 'DECENTRALISED_COOPERATION',
    title: 'Engagement des villes dans la transition écologique',
    description: 'Partage de bonnes pratiques et renforcement mutuel des capacités pour une meilleure coordination des actions environnementales : rencontres entre agents des deux villes (écologie urbaine, déchets, énergie, mobilité) sur leurs organisations et la participation des habitants.',
    firstConventionYear: 2016, startYear: 2020, endYear: 2021, endDate: '2021-12-31', status: 'ENDED',
    themes: [['env.biodiversity', 1], ['gov.institutional', 2]],
    fundings: [
      { funder: "Ministère de l'Europe et des Affaires étrangères", amountEur: 8845, year: 2020 },
      { funder: "Ministère de l'Europe et des Affaires étrangères", amountEur: 8845, year: 2021 },
      { funder: 'Dijon', amountEur: 11241, year: 2020 },
      { funder: 'Dijon', amountEur: 14343, year: 2021 },
      { funder: 'Collectivités et partenaires étrangers', amountEur: 2689, year: 2020 },
      { funder: 'Collectivités et partenaires étrangers', amountEur: 2689, year: 2021 },
    ],
    source: ATLAS,
  },
  {
    a: 'angouleme', b: 'segou', kind: 'DECENTRALISED_COOPERATION',
    title: 'Renforcer et appuyer la gouvernance locale',
    description: "Jumelage depuis 1984 fonctionnant en coopération décentralisée (protocole d'amitié de 1985, cofinancements du ministère depuis 1996). Axes : appui institutionnel, environnement et développement territorial intégré, tourisme et économie, appui aux structures jeunesse, éducation au développement ; assainissement urbain et santé.",
    firstConventionYear: 1985, startYear: 1985, status: 'ACTIVE',
    themes: [['gov.institutional', 1], ['env.water.sanitation', 2], ['culture.tourism', 3], ['edu.youth', 4], ['ecsi', 5]],
    fundings: [
      { funder: 'Autre', amountEur: 29000, waterOnePercentEur: 0, year: 1985 },
      { funder: 'Angoulême', amountEur: 8000, waterOnePercentEur: 0, year: 1985 },
      { funder: "Ministère de l'Europe et des Affaires étrangères", amountEur: 4000, year: 1985 },
      { funder: "Ministère de l'Europe et des Affaires étrangères", amountEur: 4000, year: 1986 },
      { funder: "Ministère de l'Europe et des Affaires étrangères", amountEur: 4000, year: 1987 },
    ],
    source: ATLAS,
  },
  {
    a: 'paris', b: 'phnomPenh', kind: 'DECENTRALISED_COOPERATION',
    title: 'Gestion de la circulation, des déplacements et de l’espace public',
    description: "Projet de formation-action mené de 2005 à 2006 pour doter la Municipalité de Phnom Penh des outils et du personnel qualifié pour gérer les flux de déplacement dans le centre-ville, dans une coopération d'une quinzaine d'années. Soutenu par le ministère des Affaires étrangères.",
    startYear: 2005, endYear: 2006, status: 'ENDED',
    themes: [['gov.urban.mobility', 1], ['gov.institutional.staff', 2]],
    source: PARIS,
  },
  {
    a: 'paris', b: 'rio', kind: 'DECENTRALISED_COOPERATION',
    title: 'Revitalisation du centre de Rio de Janeiro (quartier de São Cristóvão)',
    description: 'Coopération engagée en 2004 avec la Mairie de Rio de Janeiro pour la revitalisation du centre-ville, avec la Caixa Econômica Federal, le ministère brésilien des Villes et le ministère français des Affaires étrangères.',
    startYear: 2004, status: 'ENDED',
    themes: [['gov.urban.renewal', 1]],
    source: PARIS,
  },
];

const FICHES: Partial<Record<Key, { description: string; address?: string; mainActivities: string[]; languages: string[]; themes: string[]; contacts: { name: string; function: string; email: string }[]; actors?: { name: string; kind: string; countryCode: string | null; description: string }[] }>> = {
  orleans: {
    description: "Préfecture du Loiret et de la région Centre-Val de Loire. La Ville d'Orléans mène une politique de relations internationales active, appuyée sur 13 jumelages et coopérations, autour d'enjeux partagés de développement durable, et propose des dispositifs d'aide à la mobilité.",
    address: "Hôtel de Ville, place de l'Étape, 45000 Orléans",
    mainActivities: ['Administration', 'Enseignement supérieur', 'Cosmétique et pharmacie', 'Tourisme (Loire, patrimoine mondial)'],
    languages: ['fr'],
    themes: ['env.waste', 'culture.tourism', 'ecsi.awareness'],
    contacts: [{ name: 'Service des relations internationales', function: 'Responsable des relations internationales', email: 'relations-internationales@orleans.example.org' }],
  },
  dijon: {
    description: 'Capitale de la Bourgogne-Franche-Comté, engagée dans la lutte contre le réchauffement climatique et l’adaptation de son territoire à la transition écologique.',
    mainActivities: ['Administration', 'Agroalimentaire', 'Santé', 'Tourisme gastronomique'],
    languages: ['fr'],
    themes: ['env.climate', 'env.energy', 'gov.urban.mobility'],
    contacts: [{ name: 'Mission relations internationales', function: 'Chargé·e de coopération décentralisée', email: 'cooperation@dijon.example.org' }],
  },
  angouleme: {
    description: 'Préfecture de la Charente, jumelée avec Ségou (Mali) depuis 1984.',
    mainActivities: ['Bande dessinée et image', 'Papeterie', 'Administration'],
    languages: ['fr'],
    themes: ['gov.institutional', 'culture.exchanges'],
    contacts: [{ name: 'Service jumelages et coopération', function: 'Chargé·e de mission coopération', email: 'jumelages@angouleme.example.org' }],
  },
  parakou: {
    description: 'Troisième ville du Bénin, chef-lieu du département du Borgou, partenaire d’Orléans depuis 1993. Priorités : gestion des déchets, tourisme et culture, état civil.',
    mainActivities: ['Commerce régional', 'Agriculture (coton, igname)', 'Artisanat'],
    languages: ['fr'],
    themes: ['env.waste', 'culture.heritage', 'gov.civil-registry'],
    contacts: [{ name: 'Direction de la coopération', function: 'Chef·fe du service coopération', email: 'cooperation@parakou.example.org' }],
    actors: [
      { name: 'Agence française de développement (AFD)', kind: 'DEVELOPMENT_AGENCY', countryCode: 'FR', description: 'Cofinance le programme de coopération avec Orléans.' },
      { name: 'Volontaire de solidarité internationale de la Ville d’Orléans', kind: 'OTHER', countryCode: 'FR', description: 'Suit les projets sur le terrain et assure le lien avec les partenaires béninois.' },
    ],
  },
  chefchaouen: {
    description: 'Commune du nord du Maroc (région Tanger-Tétouan-Al Hoceïma), engagée dans la « Vision Chefchaouen 2030 » pour l’environnement et la transition écologique.',
    mainActivities: ['Tourisme', 'Artisanat', 'Agriculture de montagne'],
    languages: ['ar', 'fr'],
    themes: ['env.climate', 'env.water', 'env.waste'],
    contacts: [{ name: 'Division environnement et coopération', function: 'Chef·fe de division environnement et coopération', email: 'environnement@chefchaouen.example.org' }],
  },
  segou: {
    description: 'Commune urbaine et chef-lieu de région du Mali, sur le fleuve Niger ; coopère avec Angoulême depuis 1985 pour la gouvernance locale et la maîtrise d’ouvrage communale.',
    mainActivities: ['Agriculture (Office du Niger)', 'Artisanat', 'Tourisme culturel'],
    languages: ['fr', 'bm'],
    themes: ['gov.institutional', 'env.water.sanitation', 'health.maternal'],
    contacts: [{ name: 'Secrétariat général de la mairie', function: 'Point focal coopération décentralisée', email: 'cooperation@segou.example.org' }],
  },
};

const EMBASSIES = [
  { country: 'BJ', name: 'Ambassade de France au Bénin', city: 'Cotonou' },
  { country: 'MA', name: 'Ambassade de France au Maroc', city: 'Rabat' },
  { country: 'ML', name: 'Ambassade de France au Mali', city: 'Bamako' },
  { country: 'KH', name: 'Ambassade de France au Cambodge', city: 'Phnom Penh' },
  { country: 'BR', name: 'Ambassade de France au Brésil', city: 'Brasília' },
];

interface ListingSeed {
  by: Key;
  type: 'OFFER' | 'REQUEST';
  status: 'PUBLISHED' | 'SUBMITTED';
  title: string;
  description: string;
  themes: [string, number][];
  targetCountries: string[];
  desiredLevels: string[];
  populationMin?: number;
  populationMax?: number;
  languages: string[];
  months: number;
}

export const DEMO_LISTINGS: ListingSeed[] = [
  {
    by: 'parakou', type: 'REQUEST', status: 'PUBLISHED',
    title: 'Valorisation des déchets ménagers et compostage',
    description: 'Annonce de démonstration. La ville recherche une collectivité française expérimentée dans la collecte sélective et la valorisation des déchets organiques pour accompagner la création de plateformes de compostage de quartier.',
    themes: [['env.waste.recycling', 1], ['env.waste.collection', 2]], targetCountries: ['FR'], desiredLevels: ['COMMUNE', 'EPCI'], populationMin: 50000, populationMax: 600000, languages: ['fr'], months: 36,
  },
  {
    by: 'chefchaouen', type: 'REQUEST', status: 'PUBLISHED',
    title: 'Gestion durable de l’eau et adaptation au changement climatique',
    description: 'Annonce de démonstration. Recherche d’un partenaire pour structurer un plan local de gestion de la ressource en eau face aux sécheresses : diagnostic, formation des agents, sensibilisation des habitants.',
    themes: [['env.water.resources', 1], ['env.climate.adaptation', 2]], targetCountries: ['FR'], desiredLevels: ['COMMUNE', 'EPCI', 'DEPARTEMENT'], languages: ['fr', 'ar'], months: 24,
  },
  {
    by: 'segou', type: 'REQUEST', status: 'PUBLISHED',
    title: 'Modernisation et informatisation de l’état civil',
    description: "Annonce de démonstration. Appui recherché pour numériser les registres d'état civil et former les agents des centres secondaires.",
    themes: [['gov.civil-registry.modernisation', 1], ['digital.e-government', 2]], targetCountries: ['FR'], desiredLevels: ['COMMUNE', 'DEPARTEMENT'], languages: ['fr'], months: 36,
  },
  {
    by: 'orleans', type: 'OFFER', status: 'PUBLISHED',
    title: 'Partage d’expertise : gestion des déchets et tourisme culturel',
    description: 'Annonce de démonstration. Les services de la ville proposent des missions d’expertise et l’accueil d’agents sur la collecte des déchets, le tri et la valorisation du patrimoine pour le tourisme.',
    themes: [['env.waste', 1], ['culture.tourism', 2]], targetCountries: ['BJ', 'TG', 'BF'], desiredLevels: ['MUNICIPALITY'], populationMin: 20000, languages: ['fr'], months: 36,
  },
  {
    by: 'dijon', type: 'OFFER', status: 'PUBLISHED',
    title: 'Transition écologique : échanges entre services techniques',
    description: 'Annonce de démonstration. Échanges de pratiques entre services (écologie urbaine, énergie, mobilité) et accueil de volontaires en réciprocité.',
    themes: [['env.climate', 1], ['gov.institutional.staff', 2]], targetCountries: ['MA', 'TN', 'SN'], desiredLevels: ['MUNICIPALITY'], languages: ['fr'], months: 24,
  },
  {
    by: 'paris', type: 'OFFER', status: 'PUBLISHED',
    title: 'Appui à la maîtrise d’ouvrage urbaine et aux services d’eau',
    description: 'Annonce de démonstration. Assistance à maîtrise d’ouvrage, expertise et formation sur la gestion des services publics locaux, le développement urbain et l’eau et l’assainissement pour des métropoles partenaires.',
    themes: [['gov.urban.planning', 1], ['env.water.sanitation', 2]], targetCountries: ['KH', 'VN', 'BR'], desiredLevels: ['MUNICIPALITY', 'PROVINCE'], populationMin: 500000, languages: ['fr', 'en'], months: 36,
  },
  {
    by: 'phnomPenh', type: 'REQUEST', status: 'SUBMITTED',
    title: 'Gestion du trafic et aménagement des espaces publics',
    description: 'Annonce de démonstration, en attente de modération. Formation-action sur la régulation du trafic et l’aménagement des espaces publics du centre-ville.',
    themes: [['gov.urban.mobility', 1], ['gov.urban.planning', 2]], targetCountries: ['FR'], desiredLevels: ['COMMUNE', 'EPCI'], populationMin: 200000, languages: ['fr', 'en', 'km'], months: 24,
  },
];

async function resolveIds(em: EntityManager): Promise<Record<Key, string>> {
  const out = {} as Record<Key, string>;
  for (const [key, ref] of Object.entries(SEED_AUTHORITIES) as [Key, Ref][]) {
    const rows: { id: string }[] =
      'insee' in ref
        ? await em.query(`SELECT id FROM local_authority WHERE level = 'COMMUNE' AND insee_code = $1`, [ref.insee])
        : await em.query(`SELECT id FROM local_authority WHERE geonames_id = $1`, [ref.geonames]);
    if (!rows[0]) throw new Error(`Seed authority ${key} is missing from the reference data`);
    out[key] = rows[0].id;
  }
  return out;
}

export async function importSeedPartnerships(em: EntityManager): Promise<{ relationships: number; listings: number; embassies: number }> {
  const ids = await resolveIds(em);
  await em.query(`UPDATE local_authority SET name = 'Chefchaouen', search_name = $2 WHERE id = $1`, [ids.chefchaouen, normalizeSearch('Chefchaouen')]);

  for (const [key, fiche] of Object.entries(FICHES) as [Key, NonNullable<(typeof FICHES)[Key]>][]) {
    const id = ids[key];
    await em.query(`UPDATE local_authority SET description = $2, address = $3, main_activities = $4::text[], languages = $5::text[], source = CASE WHEN source = 'user' THEN 'seed' ELSE source END WHERE id = $1`, [
      id, fiche.description, fiche.address ?? null, fiche.mainActivities, fiche.languages,
    ]);
    await em.query(`INSERT INTO authority_theme (authority_id, theme_id) SELECT $1, unnest($2::text[])`, [id, fiche.themes]);
    for (const [i, c] of fiche.contacts.entries()) {
      await em.query(`INSERT INTO contact (authority_id, name, function, email, position) VALUES ($1, $2, $3, $4, $5)`, [id, c.name, c.function, c.email, i]);
    }
    for (const a of fiche.actors ?? []) {
      await em.query(`INSERT INTO foreign_actor (authority_id, name, kind, country_code, description) VALUES ($1, $2, $3, $4, $5)`, [id, a.name, a.kind, a.countryCode, a.description]);
    }
  }

  for (const p of PARTNERSHIPS) {
    const [{ id }] = await em.query(
      `INSERT INTO relationship (authority_a_id, authority_b_id, kind, title, description, first_convention_year, start_year, end_year, start_date, end_date, status, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [ids[p.a], ids[p.b], p.kind, p.title, p.description, p.firstConventionYear ?? null, p.startYear, p.endYear ?? null, p.startDate ?? null, p.endDate ?? null, p.status, p.source],
    );
    for (const [themeId, priority] of p.themes) {
      await em.query(`INSERT INTO relationship_theme (relationship_id, theme_id, priority) VALUES ($1, $2, $3)`, [id, themeId, priority]);
    }
    for (const [i, f] of (p.fundings ?? []).entries()) {
      await em.query(`INSERT INTO funding (relationship_id, funder, amount_eur, water_one_percent_eur, year, position) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id, f.funder, f.amountEur, f.waterOnePercentEur ?? null, f.year, i,
      ]);
    }
  }

  for (const e of EMBASSIES) {
    const [{ id }] = await em.query(`INSERT INTO embassy (country_code, name, city) VALUES ($1, $2, $3) RETURNING id`, [e.country, e.name, e.city]);
    const slug = normalizeSearch(e.city).replace(/ /g, '-');
    await em.query(`INSERT INTO embassy_correspondent (embassy_id, role, name, email) VALUES ($1, 'DECENTRALISED_COOPERATION_CORRESPONDENT', $2, $3), ($1, 'COOPERATION_COUNSELLOR', $4, $5)`, [
      id, 'Correspondant·e coopération décentralisée (contact fictif)', `coopdec.${slug}@example.org`, "Conseiller·ère de coopération et d'action culturelle (contact fictif)", `scac.${slug}@example.org`,
    ]);
  }

  for (const l of DEMO_LISTINGS) {
    const published = l.status === 'PUBLISHED';
    const [{ id }] = await em.query(
      `INSERT INTO listing (authority_id, type, title, description, search_text, target_countries, desired_levels, population_min, population_max, languages, expected_duration_months, status, published_at, expires_at, demo)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10::text[], $11, $12, $13, $14, true) RETURNING id`,
      [
        ids[l.by], l.type, l.title, l.description, normalizeSearch(`${l.title} ${l.description}`), l.targetCountries, l.desiredLevels, l.populationMin ?? null, l.populationMax ?? null, l.languages, l.months, l.status,
        published ? new Date() : null, published ? new Date(Date.now() + 365 * 24 * 3600 * 1000) : null,
      ],
    );
    for (const [themeId, priority] of l.themes) {
      await em.query(`INSERT INTO listing_theme (listing_id, theme_id, priority) VALUES ($1, $2, $3)`, [id, themeId, priority]);
    }
  }
  return { relationships: PARTNERSHIPS.length, listings: DEMO_LISTINGS.length, embassies: EMBASSIES.length };
}
