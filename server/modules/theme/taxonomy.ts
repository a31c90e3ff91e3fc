/**
 * The initial theme taxonomy, loaded into the `theme` table on first start (then editable data).
 * Three levels: thématique › sous-thématique › sous-sous-thématique, after the ministry's
 * priorities for decentralised cooperation (Atlas thématiques, DCTCIV calls for projects),
 * each with the UN Sustainable Development Goals it serves.
 */
export interface ThemeSeed {
  id: string;
  fr: string;
  en: string;
  sdgs: number[];
  children?: ThemeSeed[];
}

export const TAXONOMY: ThemeSeed[] = [
  {
    id: 'env', fr: 'Environnement, climat et énergie', en: 'Environment, climate and energy', sdgs: [7, 13, 15],
    children: [
      { id: 'env.waste', fr: 'Gestion des déchets', en: 'Waste management', sdgs: [11, 12], children: [
        { id: 'env.waste.collection', fr: 'Collecte et tri des déchets', en: 'Waste collection and sorting', sdgs: [11] },
        { id: 'env.waste.recycling', fr: 'Valorisation et recyclage', en: 'Recovery and recycling', sdgs: [12] },
        { id: 'env.waste.landfill', fr: 'Centres d’enfouissement et décharges', en: 'Landfills and dumpsites', sdgs: [11] },
      ] },
      { id: 'env.water', fr: 'Eau et assainissement', en: 'Water and sanitation', sdgs: [6], children: [
        { id: 'env.water.drinking', fr: 'Accès à l’eau potable', en: 'Access to drinking water', sdgs: [6] },
        { id: 'env.water.sanitation', fr: 'Assainissement et hygiène', en: 'Sanitation and hygiene', sdgs: [6, 3] },
        { id: 'env.water.resources', fr: 'Gestion intégrée des ressources en eau', en: 'Integrated water resources management', sdgs: [6] },
      ] },
      { id: 'env.energy', fr: 'Énergies renouvelables', en: 'Renewable energy', sdgs: [7], children: [
        { id: 'env.energy.solar', fr: 'Énergie solaire', en: 'Solar energy', sdgs: [7] },
        { id: 'env.energy.efficiency', fr: 'Efficacité énergétique', en: 'Energy efficiency', sdgs: [7, 13] },
        { id: 'env.energy.access', fr: 'Accès à l’énergie', en: 'Access to energy', sdgs: [7] },
      ] },
      { id: 'env.biodiversity', fr: 'Protection de l’environnement et biodiversité', en: 'Environmental protection and biodiversity', sdgs: [15, 14], children: [
        { id: 'env.biodiversity.protected-areas', fr: 'Espaces naturels protégés', en: 'Protected natural areas', sdgs: [15] },
        { id: 'env.biodiversity.forests', fr: 'Forêts et reboisement', en: 'Forests and reforestation', sdgs: [15, 13] },
      ] },
      { id: 'env.coastal', fr: 'Risques côtiers et naturels', en: 'Coastal and natural risks', sdgs: [13, 14, 11], children: [
        { id: 'env.coastal.erosion', fr: 'Érosion côtière', en: 'Coastal erosion', sdgs: [14, 13] },
        { id: 'env.coastal.flooding', fr: 'Prévention des inondations', en: 'Flood prevention', sdgs: [11, 13] },
      ] },
      { id: 'env.climate', fr: 'Plans climat et transition écologique', en: 'Climate plans and ecological transition', sdgs: [13], children: [
        { id: 'env.climate.adaptation', fr: 'Adaptation au changement climatique', en: 'Climate change adaptation', sdgs: [13] },
        { id: 'env.climate.mitigation', fr: 'Atténuation et bilan carbone', en: 'Mitigation and carbon accounting', sdgs: [13] },
      ] },
    ],
  },
  {
    id: 'eco', fr: 'Inclusion économique et sociale', en: 'Economic and social inclusion', sdgs: [1, 8, 10],
    children: [
      { id: 'eco.local-development', fr: 'Développement économique local', en: 'Local economic development', sdgs: [8], children: [
        { id: 'eco.local-development.entrepreneurship', fr: 'Entrepreneuriat et artisanat', en: 'Entrepreneurship and crafts', sdgs: [8] },
        { id: 'eco.local-development.markets', fr: 'Marchés et équipements marchands', en: 'Markets and market facilities', sdgs: [8, 11] },
      ] },
      { id: 'eco.social-economy', fr: 'Économie sociale et solidaire', en: 'Social and solidarity economy', sdgs: [8, 10] },
      { id: 'eco.employment', fr: 'Emploi et insertion', en: 'Employment and integration', sdgs: [8, 10] },
      { id: 'eco.social-action', fr: 'Action sociale et lutte contre la pauvreté', en: 'Social action and poverty reduction', sdgs: [1, 10] },
    ],
  },
  {
    id: 'gov', fr: 'Gouvernance locale et services publics', en: 'Local governance and public services', sdgs: [11, 16],
    children: [
      { id: 'gov.institutional', fr: 'Gouvernance locale et appui institutionnel', en: 'Local governance and institutional support', sdgs: [16], children: [
        { id: 'gov.institutional.finance', fr: 'Finances et fiscalité locales', en: 'Local finance and taxation', sdgs: [16, 17] },
        { id: 'gov.institutional.staff', fr: 'Formation des agents et ressources humaines', en: 'Staff training and human resources', sdgs: [16] },
        { id: 'gov.institutional.decentralisation', fr: 'Décentralisation et maîtrise d’ouvrage communale', en: 'Decentralisation and municipal project ownership', sdgs: [16] },
      ] },
      { id: 'gov.urban', fr: 'Développement urbain et mobilité', en: 'Urban development and mobility', sdgs: [11], children: [
        { id: 'gov.urban.planning', fr: 'Planification et aménagement urbain', en: 'Urban planning', sdgs: [11] },
        { id: 'gov.urban.mobility', fr: 'Mobilité et transports urbains', en: 'Urban mobility and transport', sdgs: [11] },
        { id: 'gov.urban.renewal', fr: 'Revitalisation des quartiers et centres anciens', en: 'Urban renewal of neighbourhoods and old centres', sdgs: [11] },
        { id: 'gov.urban.housing', fr: 'Habitat et logement', en: 'Housing', sdgs: [11] },
      ] },
      { id: 'gov.civil-registry', fr: 'État civil', en: 'Civil registry', sdgs: [16], children: [
        { id: 'gov.civil-registry.modernisation', fr: 'Modernisation et informatisation de l’état civil', en: 'Civil registry modernisation', sdgs: [16] },
        { id: 'gov.civil-registry.census', fr: 'Recensement et adressage', en: 'Census and street addressing', sdgs: [16, 11] },
      ] },
      { id: 'gov.public-services', fr: 'Services publics locaux', en: 'Local public services', sdgs: [11], children: [
        { id: 'gov.public-services.lighting', fr: 'Éclairage public', en: 'Street lighting', sdgs: [11, 7] },
        { id: 'gov.public-services.fire-rescue', fr: 'Secours et incendie', en: 'Fire and rescue services', sdgs: [11] },
      ] },
    ],
  },
  {
    id: 'edu', fr: 'Éducation, formation et jeunesse', en: 'Education, training and youth', sdgs: [4],
    children: [
      { id: 'edu.schools', fr: 'Scolarisation et équipements scolaires', en: 'Schooling and school facilities', sdgs: [4] },
      { id: 'edu.vocational', fr: 'Formation professionnelle', en: 'Vocational training', sdgs: [4, 8] },
      { id: 'edu.youth', fr: 'Jeunesse et mobilité des jeunes', en: 'Youth and youth mobility', sdgs: [4, 10], children: [
        { id: 'edu.youth.volunteering', fr: 'Volontariat et service civique', en: 'Volunteering and civic service', sdgs: [4, 17] },
        { id: 'edu.youth.exchanges', fr: 'Échanges scolaires et de jeunes', en: 'School and youth exchanges', sdgs: [4] },
      ] },
      { id: 'edu.higher', fr: 'Enseignement supérieur et recherche', en: 'Higher education and research', sdgs: [4, 9] },
    ],
  },
  {
    id: 'health', fr: 'Santé', en: 'Health', sdgs: [3],
    children: [
      { id: 'health.maternal', fr: 'Santé maternelle et infantile', en: 'Maternal and child health', sdgs: [3] },
      { id: 'health.primary-care', fr: 'Accès aux soins et centres de santé', en: 'Access to care and health centres', sdgs: [3] },
      { id: 'health.prevention', fr: 'Prévention et hygiène publique', en: 'Prevention and public hygiene', sdgs: [3, 6] },
    ],
  },
  {
    id: 'food', fr: 'Sécurité alimentaire et agriculture durable', en: 'Food security and sustainable agriculture', sdgs: [2],
    children: [
      { id: 'food.agroecology', fr: 'Agroécologie', en: 'Agroecology', sdgs: [2, 15] },
      { id: 'food.supply-chains', fr: 'Filières agricoles et circuits courts', en: 'Agricultural value chains and short supply chains', sdgs: [2, 12] },
      { id: 'food.school-meals', fr: 'Restauration scolaire', en: 'School meals', sdgs: [2, 4] },
    ],
  },
  {
    id: 'culture', fr: 'Culture, patrimoine et tourisme', en: 'Culture, heritage and tourism', sdgs: [11, 8],
    children: [
      { id: 'culture.heritage', fr: 'Patrimoine', en: 'Heritage', sdgs: [11], children: [
        { id: 'culture.heritage.built', fr: 'Patrimoine bâti et architectural', en: 'Built and architectural heritage', sdgs: [11] },
        { id: 'culture.heritage.intangible', fr: 'Patrimoine immatériel', en: 'Intangible heritage', sdgs: [11] },
      ] },
      { id: 'culture.tourism', fr: 'Tourisme durable', en: 'Sustainable tourism', sdgs: [8, 12] },
      { id: 'culture.exchanges', fr: 'Échanges culturels et artistiques', en: 'Cultural and artistic exchanges', sdgs: [11, 17] },
      { id: 'culture.reading', fr: 'Lecture publique et bibliothèques', en: 'Public reading and libraries', sdgs: [4] },
    ],
  },
  {
    id: 'gender', fr: 'Égalité femmes-hommes', en: 'Gender equality', sdgs: [5],
    children: [
      { id: 'gender.empowerment', fr: 'Autonomisation économique des femmes', en: 'Women’s economic empowerment', sdgs: [5, 8] },
      { id: 'gender.violence', fr: 'Lutte contre les violences faites aux femmes', en: 'Ending violence against women', sdgs: [5, 16] },
      { id: 'gender.participation', fr: 'Participation des femmes à la vie locale', en: 'Women’s participation in local life', sdgs: [5, 16] },
    ],
  },
  {
    id: 'digital', fr: 'Inclusion numérique', en: 'Digital inclusion', sdgs: [9, 10],
    children: [
      { id: 'digital.e-government', fr: 'Administration numérique', en: 'E-government', sdgs: [16, 9] },
      { id: 'digital.access', fr: 'Accès et compétences numériques', en: 'Digital access and skills', sdgs: [9, 4] },
      { id: 'digital.open-data', fr: 'Données ouvertes et cartographie', en: 'Open data and mapping', sdgs: [9, 16] },
    ],
  },
  {
    id: 'sport', fr: 'Sport', en: 'Sport', sdgs: [3, 4],
    children: [
      { id: 'sport.facilities', fr: 'Équipements sportifs', en: 'Sports facilities', sdgs: [3, 11] },
      { id: 'sport.events', fr: 'Événements et échanges sportifs', en: 'Sports events and exchanges', sdgs: [3, 17] },
    ],
  },
  {
    id: 'crisis', fr: 'Crises et fragilités', en: 'Crises and fragility', sdgs: [1, 11, 16],
    children: [
      { id: 'crisis.emergency', fr: 'Aide d’urgence et humanitaire', en: 'Emergency and humanitarian aid', sdgs: [1, 3] },
      { id: 'crisis.reconstruction', fr: 'Reconstruction et relèvement', en: 'Reconstruction and recovery', sdgs: [11, 16] },
      { id: 'crisis.displacement', fr: 'Accueil des personnes déplacées et migrations', en: 'Displaced people and migration', sdgs: [10, 16] },
    ],
  },
  {
    id: 'democracy', fr: 'Gouvernance démocratique et droits humains', en: 'Democratic governance and human rights', sdgs: [16, 10],
    children: [
      { id: 'democracy.participation', fr: 'Démocratie locale et participation citoyenne', en: 'Local democracy and citizen participation', sdgs: [16] },
      { id: 'democracy.human-rights', fr: 'Droits humains', en: 'Human rights', sdgs: [16, 10] },
      { id: 'democracy.cross-border', fr: 'Coopération transfrontalière', en: 'Cross-border cooperation', sdgs: [16, 17] },
    ],
  },
  {
    id: 'ecsi', fr: 'Éducation à la citoyenneté et à la solidarité internationale (ECSI)', en: 'Development education and global citizenship (ECSI)', sdgs: [4, 17],
    children: [
      { id: 'ecsi.awareness', fr: 'Sensibilisation du public', en: 'Public awareness', sdgs: [4, 17] },
      { id: 'ecsi.schools', fr: 'Actions en milieu scolaire', en: 'School programmes', sdgs: [4] },
    ],
  },
];

/** The taxonomy as rows, parents first. */
export function flattenTaxonomy(nodes: ThemeSeed[] = TAXONOMY, parentId: string | null = null, level = 1): { id: string; parentId: string | null; level: number; labelFr: string; labelEn: string; sdgs: number[]; position: number }[] {
  return nodes.flatMap((n, i) => [
    { id: n.id, parentId, level, labelFr: n.fr, labelEn: n.en, sdgs: n.sdgs, position: i },
    ...flattenTaxonomy(n.children ?? [], n.id, level + 1),
  ]);
}
