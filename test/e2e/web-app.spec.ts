/// <reference lib="dom" />
/**
 * The web application in a real browser (Debian's chromium driven by playwright-core), against the real
 * server and database: a foreign authority's agent posts a request → a reviewer publishes it → a French
 * agent finds it on the map by theme and expresses interest → the owner accepts → both see each other's
 * contacts; and a reviewer approves a suggested match. axe-core audits every page (no serious or critical
 * violation), no page requests any other host, and each main page is saved as a screenshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const DOCS_IMAGES = path.resolve(__dirname, '..', '..', '..', 'docs', 'ui');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery staple';
const THEME_LABEL = 'Accès à l’eau potable';

let server: TestServer;
let browser: Browser;
const external: string[] = [];
const pageErrors: string[] = [];
const audits: { page: string; violations: { id: string; impact: string; nodes: number; help: string }[] }[] = [];
const ids: Record<string, string> = {};

async function newUser(role: 'AGENT' | 'REVIEWER' | 'ADMIN', email: string, displayName: string, authorityId?: string) {
  const r = await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email, password: PASSWORD, displayName, role } }, { admin: true });
  const id = r.body.data.createUser.id;
  if (authorityId) await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: id, a: authorityId }, { admin: true });
}

async function findAuthority(search: string, country: string): Promise<string> {
  const r = await server.gql(`query($f: LocalAuthorityFilter) { localAuthorities(filter: $f, first: 1) { nodes { id name } } }`, { f: { search, countries: [country] } });
  const node = r.body.data.localAuthorities.nodes[0];
  if (!node) throw new Error(`No authority ${search} in ${country}`);
  return node.id;
}

async function session(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) external.push(url);
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page };
}

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/connexion`);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'connecter' }).waitFor();
}

/**
 * axe-core on the current page; records serious and critical violations, and a screenshot. `show` names the part of
 * the page the screenshot is for (e.g. the suggestions, far down a fiche): the screenshot is then that part, from
 * its top, across the page's width and at most 1,800 pixels high, or `height` pixels from its top when given.
 */
async function audit(page: Page, name: string, show?: string, height?: number) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE);
  // Runs in the page (a string, as the test project has no DOM types).
  const result: { id: string; impact: string; nodes: number; help: string }[] = await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })))`,
  );
  audits.push({ page: name, violations: result.filter((v) => v.impact === 'serious' || v.impact === 'critical') });
  let clip: { x: number; y: number; width: number; height: number } | undefined;
  if (show) {
    const box = await page.locator(show).first().evaluate(
      (el: { getBoundingClientRect(): { top: number; height: number } }) => {
        const r = el.getBoundingClientRect();
        return { top: r.top + (globalThis as unknown as { scrollY: number }).scrollY, height: r.height };
      },
    );
    const width = page.viewportSize()!.width;
    clip = { x: 0, y: Math.max(0, box.top - 16), width, height: height ?? Math.min(box.height + 32, 1800) };
  }
  const shot = clip ? { fullPage: true, clip } : {};
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...shot });
  if (process.env.UPDATE_UI_DOCS === 'true') {
    fs.mkdirSync(DOCS_IMAGES, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_IMAGES, `${name}.jpg`), type: 'jpeg', quality: 70, ...shot });
  }
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  server = await startTestServer({ seed: 'sample' });
  ids.foreign = await findAuthority('Djougou', 'BJ');
  ids.french = await findAuthority('Tours', 'FR');
  await server.gql(`mutation($i: SetContactsInput!) { setContacts(input: $i) { id } }`, { i: { authorityId: ids.foreign, contacts: [{ name: 'Bureau de la coopération de Djougou', email: 'cooperation@djougou.example.org' }] } }, { admin: true });
  await server.gql(`mutation($i: SetContactsInput!) { setContacts(input: $i) { id } }`, { i: { authorityId: ids.french, contacts: [{ name: 'Service international de Tours', email: 'international@tours.example.org' }] } }, { admin: true });
  await newUser('AGENT', 'agent@djougou.example.org', 'Agent de Djougou', ids.foreign);
  await newUser('AGENT', 'agent@tours.example.org', 'Agent de Tours', ids.french);
  await newUser('REVIEWER', 'reviewer@dctciv.example.org', 'Relecteur DCTCIV');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web application', () => {
  let foreign: Page;
  let reviewer: Page;
  let french: Page;
  let listingUrl = '';

  it('shows the home page with key figures and search, in French and in English', async () => {
    ({ page: french } = await session());
    await french.goto(server.url);
    await french.getByRole('heading', { name: 'Trouver un partenaire pour la coopération décentralisée' }).waitFor();
    await french.getByText('Chiffres clés').waitFor();
    await french.locator('#home-search').fill('tours');
    await french.keyboard.press('Enter');
    await french.getByRole('link', { name: 'Tours', exact: true }).first().waitFor();
    await audit(french, 'home');
    await french.getByRole('button', { name: 'English' }).click();
    await french.getByRole('heading', { name: 'Find a partner for decentralised cooperation' }).waitFor();
    expect(await french.evaluate('document.documentElement.lang')).toBe('en');
    await audit(french, 'home-en');
    await french.getByRole('button', { name: 'Français' }).click();
    await french.getByRole('heading', { name: 'Trouver un partenaire pour la coopération décentralisée' }).waitFor();
  });

  it('lets a foreign agent draft a request, with the API’s validation errors inline, and submit it', async () => {
    ({ page: foreign } = await session());
    await signIn(foreign, 'agent@djougou.example.org');
    await foreign.goto(`${server.url}/annonces/nouvelle`);
    await foreign.getByRole('heading', { name: 'Nouvelle annonce de partenariat' }).waitFor();
    await audit(foreign, 'listing-form');
    await foreign.locator('label[for="f-type-REQUEST"]').click();
    expect(await foreign.locator('#f-type-REQUEST').isChecked()).toBe(true);
    // Sent empty: the API's messages appear beside the fields.
    await foreign.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await foreign.locator('#f-title-error').waitFor();
    expect(await foreign.locator('#f-title').getAttribute('aria-invalid')).toBe('true');
    await audit(foreign, 'listing-form-errors');
    await foreign.locator('#f-title').fill('Recherche partenaire pour l’accès à l’eau potable dans les quartiers périphériques');
    await foreign.locator('#f-description').fill('La commune de Djougou cherche une collectivité française pour renforcer son service de l’eau : forages, bornes-fontaines et gestion par les comités d’usagers.');
    await foreign.locator('#f-themes-filter').fill('potable');
    await foreign.locator('label[for="f-themes-env.water.drinking"]', { hasText: THEME_LABEL }).click();
    await foreign.locator('#f-countries-select').selectOption('FR');
    await foreign.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await foreign.getByRole('button', { name: 'Soumettre à la modération' }).waitFor();
    listingUrl = foreign.url();
    expect(listingUrl).toMatch(/\/annonces\/[0-9a-f-]{36}$/);
    await foreign.getByRole('button', { name: 'Soumettre à la modération' }).click();
    await foreign.getByText('Annonce soumise au ministère pour modération.').waitFor();
    await foreign.getByText('En attente de modération').first().waitFor();
  });

  it('lets a reviewer publish it from the moderation queue', async () => {
    ({ page: reviewer } = await session());
    await signIn(reviewer, 'reviewer@dctciv.example.org');
    await reviewer.goto(`${server.url}/ministere`);
    const link = reviewer.getByRole('link', { name: /Recherche partenaire pour l’accès à l’eau potable/ });
    await link.waitFor();
    await audit(reviewer, 'ministry-moderation');
    await link.click();
    await reviewer.getByRole('button', { name: 'Publier', exact: true }).click();
    await reviewer.getByText('Annonce publiée pour 12 mois.').waitFor();
    await reviewer.getByText('Publiée', { exact: true }).first().waitFor();
  });

  it('lets a French agent find it on the map by theme and express interest, with the keyboard', async () => {
    await signIn(french, 'agent@tours.example.org');
    await french.goto(`${server.url}/annonces`);
    await french.locator('#filter-themes-filter').fill('potable');
    await french.locator('label[for="filter-themes-env.water.drinking"]', { hasText: THEME_LABEL }).click();
    await french.waitForURL(/theme=env\.water\.drinking/);
    const marker = french.locator('svg .cluster[aria-label*="Recherche partenaire pour l’accès à l’eau potable"]');
    await marker.waitFor();
    await audit(french, 'explore-map');
    // The filter state is in the URL: reloading it gives the same result.
    await french.reload();
    await marker.waitFor();
    await marker.focus();
    await french.keyboard.press('Enter');
    await french.waitForURL(listingUrl);
    await french.locator('#f-interest-message').waitFor();
    // The listing's own partner suggestions: French authorities (Djougou asks France), explained, and a link to
    // refine them on Djougou's fiche with the listing's criteria.
    const partners = french.getByTestId('listing-partners');
    await partners.locator('li.bp-card').first().waitFor();
    const heads = await partners.locator('li.bp-card h3').allTextContents();
    expect(heads.length).toBeGreaterThan(0);
    expect(heads.length).toBeLessThanOrEqual(5);
    for (const h of heads) expect(h).toMatch(/, France — score \d+ \/ 100$/);
    expect(await partners.getByRole('button', { name: /^Écarter cette suggestion/ }).count()).toBe(0); // Tours's agent: not its listing
    expect(await partners.getByRole('link', { name: 'Affiner ces suggestions sur la fiche de Djougou' }).getAttribute('href')).toMatch(/^\/collectivites\/[0-9a-f-]{36}\?theme=env\.water\.drinking$/);
    // Where a given authority stands for this listing: another Beninese town is on Djougou's own side; the first
    // suggestion is ranked 1 with the same heading as in the list.
    const place = partners.getByTestId('place-candidate');
    await place.getByText('Où se classe une collectivité précise ?').click();
    await place.getByText('pour Djougou selon les critères de cette annonce').waitFor();
    await place.locator('#f-place-candidate-q').fill('Parakou');
    await place.getByRole('button', { name: 'Chercher' }).click();
    expect(await place.getByRole('button', { name: /^Parakou — / }).count()).toBe(0); // only authorities of the other side are offered
    await place.getByText('Aucune collectivité de ce nom.').waitFor();
    const top = heads[0].match(/^1\. (.+?) — /)![1];
    await place.locator('#f-place-candidate-q').fill(top);
    await place.getByRole('button', { name: 'Chercher' }).click();
    await place.getByRole('button', { name: new RegExp(`^${top} — `) }).first().click();
    await place.getByTestId('placed-candidate').getByText(new RegExp(`^${top} est classée 1re sur \\d+ candidats examinés\\.$`)).waitFor();
    expect(await place.locator('li.bp-card h3').textContent()).toBe(heads[0]);
    await audit(french, 'listing');
    await french.locator('#f-interest-message').focus();
    await french.keyboard.type('Tours a une longue expérience de la régie de l’eau et serait heureuse de partager ses méthodes avec Djougou.');
    await french.keyboard.press('Tab');
    await french.keyboard.press('Enter');
    await french.getByText('Manifestation d’intérêt envoyée').waitFor();
  });

  it('lets the owner accept the interest, after which both see each other’s contacts', async () => {
    await foreign.goto(listingUrl);
    const accept = foreign.getByRole('button', { name: 'Accepter — Tours' });
    await accept.waitFor();
    // The owner may set its listing's suggested partners aside (one button per candidate).
    const ownPartners = foreign.getByTestId('listing-partners');
    await ownPartners.locator('li.bp-card').first().waitFor();
    const cards = await ownPartners.locator('li.bp-card').count();
    expect(cards).toBeGreaterThan(0);
    expect(await ownPartners.getByRole('button', { name: /^Écarter cette suggestion : / }).count()).toBe(cards);
    await audit(foreign, 'listing-owner');
    await accept.focus();
    await foreign.keyboard.press('Enter');
    await foreign.getByText('Intérêt accepté').waitFor();
    await foreign.getByText('international@tours.example.org').waitFor();

    await french.goto(`${server.url}/collectivites/${ids.foreign}`);
    await french.getByText('cooperation@djougou.example.org').waitFor();
    await audit(french, 'fiche');

    // A fiche with its cooperations on a map and in the list, and foreign actors (Parakou, partner of Orléans).
    await french.goto(`${server.url}/collectivites/${await findAuthority('Parakou', 'BJ')}`);
    await french.getByRole('heading', { name: /Coopération décentralisée — Orléans/ }).waitFor();
    expect(await french.locator('svg.bp-map path.line').count()).toBeGreaterThan(0);
    await audit(french, 'fiche-partners', 'section[aria-labelledby=map-title]', 1100);
  });

  it('hides contacts from an authority that has no agreement with the viewer', async () => {
    const { page } = await session();
    await signIn(page, 'agent@djougou.example.org');
    const other = await findAuthority('Blois', 'FR');
    await page.goto(`${server.url}/collectivites/${other}`);
    await page.getByTestId('contacts-hidden').waitFor();
    expect(await page.getByTestId('contacts').count()).toBe(0);
    await page.goto(`${server.url}/espace`);
    await page.getByRole('heading', { name: /Mon espace/ }).waitFor();
    await audit(page, 'my-space');
  });

  it('lets a reviewer put suggestions in review and approve one, which shows each side the other’s contacts', async () => {
    await reviewer.goto(`${server.url}/collectivites/${ids.french}`);
    await reviewer.getByRole('heading', { name: 'Partenaires suggérés' }).waitFor();
    await reviewer.locator('li.bp-card').first().waitFor();
    // Each suggestion shows its rank once ("1. Ségou — …"), not a second time as a list marker.
    expect(await reviewer.locator('li.bp-card').first().evaluate((li) => getComputedStyle(li, '::marker').getPropertyValue('content'))).toBe('none');
    await expect(reviewer.locator('li.bp-card h3').first().textContent()).resolves.toMatch(/^1\. /);
    await reviewer.getByRole('button', { name: 'Placer en revue les 5 meilleures suggestions qui n’y sont pas encore' }).click();
    await reviewer.getByText(/suggestion\(s\) ajoutée\(s\) à la file de revue/).waitFor();
    // The five best now say they are in the queue; the sixth can be put in review on its own.
    const cards = reviewer.locator('li.bp-card');
    await cards.nth(4).getByTestId('review-status').waitFor();
    for (let i = 0; i < 5; i++) await expect(cards.nth(i).getByTestId('review-status').textContent()).resolves.toBe('File de revue : Proposée');
    const sixth = (await cards.nth(5).locator('h3 a').textContent())!;
    await cards.nth(5).getByRole('button', { name: `Mettre en revue : ${sixth}` }).click();
    await cards.nth(5).getByTestId('review-status').waitFor();
    expect(await reviewer.locator('li.bp-card [data-testid="review-status"]').count()).toBe(6);
    // Asked again, the button brings the next five (the 7th to the 11th), not nothing: the last four shown are now queued.
    await reviewer.getByRole('button', { name: 'Placer en revue les 5 meilleures suggestions qui n’y sont pas encore' }).click();
    await cards.nth(9).getByTestId('review-status').waitFor();
    expect(await reviewer.locator('li.bp-card [data-testid="review-status"]').count()).toBe(10);
    await reviewer.goto(`${server.url}/ministere?onglet=suggestions`);
    const first = reviewer.getByTestId('suggestion').first();
    await first.waitFor();
    await audit(reviewer, 'ministry-suggestions');
    const candidate = (await first.locator('h3 a').nth(1).textContent())!;
    await first.getByRole('button', { name: 'Approuver' }).click();
    await reviewer.getByText('Rapprochement approuvé').waitFor();
    await reviewer.locator('#sugg-status').selectOption('APPROVED');
    await reviewer.getByTestId('suggestion').filter({ hasText: candidate }).first().waitFor();

    // The seeker's agent now sees the approved candidate's contacts block (contacts allowed).
    const r = await server.gql(`{ matchSuggestions(filter: { statuses: [APPROVED] }) { candidateId } }`, {}, { admin: true });
    const candidateId = r.body.data.matchSuggestions[0].candidateId;
    await french.goto(`${server.url}/collectivites/${candidateId}`);
    await french.getByRole('heading', { name: 'Contacts' }).waitFor();
    await french.locator('[data-testid="contacts"], p:has-text("Aucun contact renseigné")').first().waitFor();
    expect(await french.getByTestId('contacts-hidden').count()).toBe(0);
  });

  it('lets an agent edit its fiche, and a reviewer send a listing back with a reason that its owner then reads', async () => {
    // Each relationship says where it comes from (Parakou's partnership with Orléans: the ministry's Atlas).
    await foreign.goto(`${server.url}/collectivites/${await findAuthority('Parakou', 'BJ')}`);
    await expect(foreign.locator('p.bp-source').first().textContent()).resolves.toMatch(/^Source : Atlas français de la coopération décentralisée/);
    await foreign.goto(`${server.url}/collectivites/${ids.foreign}`);
    await foreign.getByRole('link', { name: 'Modifier la fiche' }).click();
    await foreign.locator('#f-description').fill('Commune du nord du Bénin, carrefour commercial, engagée dans l’accès à l’eau.');
    await foreign.locator('#f-population').fill('-5');
    await foreign.getByRole('button', { name: 'Enregistrer' }).click();
    await foreign.locator('#f-population-error').waitFor(); // the API refuses a negative population, shown beside the field
    await audit(foreign, 'fiche-edit');
    await foreign.locator('#f-population').fill('237040');
    await foreign.getByRole('button', { name: 'Enregistrer' }).click();
    await foreign.getByText('Commune du nord du Bénin, carrefour commercial').waitFor();

    const draft = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: ids.foreign, type: 'REQUEST', title: 'Formation des agents de l’état civil', description: 'Numérisation des registres.', themes: [{ themeId: 'gov' }] } }, { admin: true })).createListing.id;
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft }, { admin: true }));
    await reviewer.goto(`${server.url}/annonces/${draft}`);
    await reviewer.locator('#f-send-back-reason').fill('Précisez les communes partenaires envisagées et le calendrier.');
    await reviewer.getByRole('button', { name: 'Renvoyer avec ce motif' }).click();
    await reviewer.getByText('Annonce renvoyée à ses auteurs.').waitFor();
    await foreign.goto(`${server.url}/annonces/${draft}`);
    await foreign.getByRole('heading', { name: 'Renvoyée par le ministère' }).waitFor();
    await foreign.getByText('Précisez les communes partenaires envisagées et le calendrier.').waitFor();
    await foreign.getByText('Brouillon').first().waitFor();
  });

  it('lets an invited embassy correspondent create their account from the link, and anyone ask for a password reset', async () => {
    const inv = ok(await server.gql(`mutation { inviteUser(input: { email: "poste.niamey@example.org", role: REVIEWER, reviewerCountries: ["NE"] }) { token } }`, undefined, { admin: true })).inviteUser;
    const { context, page } = await session();
    await page.goto(`${server.url}/invitation?jeton=${inv.token}`);
    await page.locator('#f-displayName').fill('Poste de Niamey');
    await page.locator('#f-password').fill('court');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.locator('#f-password-error').waitFor(); // "12 caractères au moins", beside the field
    await audit(page, 'invitation');
    await page.locator('#f-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(/\/ministere$/);
    await context.close();

    const anon = await session();
    await anon.page.goto(`${server.url}/connexion`);
    await anon.page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await anon.page.locator('#f-email').fill('poste.niamey@example.org');
    await anon.page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await anon.page.getByText('Si un compte existe pour cette adresse').waitFor();
    await audit(anon.page, 'password');
    await anon.page.goto(`${server.url}/mot-de-passe?jeton=inconnu`);
    await anon.page.locator('#f-password').fill('a brand new password');
    await anon.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await anon.page.getByText('Ce lien est inconnu, déjà utilisé ou expiré').waitFor();
    await anon.context.close();
  });

  it('lets anyone narrow the suggested partners (country, population), with the API’s range error inline, and shows who is already a partner', async () => {
    const { page } = await session();
    await page.goto(`${server.url}/collectivites/${await findAuthority('Orléans', 'FR')}`);
    await page.getByTestId('already-partnered').getByRole('link', { name: 'Parakou' }).waitFor();
    await page.locator('li.bp-card').first().waitFor();
    await page.getByText('Affiner les suggestions').click();
    await page.locator('#sugg-countries-select').selectOption('TG');
    await page.locator('#f-sugg-pop-min').fill('60000');
    await page.locator('#f-sugg-pop-max').fill('50000');
    await page.getByRole('button', { name: 'Mettre à jour les suggestions' }).click();
    await page.locator('#f-sugg-pop-max-error', { hasText: 'le maximum ne peut pas être inférieur au minimum' }).waitFor();
    await page.locator('#f-sugg-pop-max').fill('');
    await page.getByRole('button', { name: 'Mettre à jour les suggestions' }).click();
    // Every suggestion is now Togolese, and Parakou (already a partner) is never among them.
    await page.waitForFunction(() => {
      const headings = Array.from(document.querySelectorAll('li.bp-card h3'), (h) => h.textContent ?? '');
      return headings.length > 0 && headings.every((h) => h.includes('Togo'));
    });
    expect(await page.locator('li.bp-card h3', { hasText: 'Parakou' }).count()).toBe(0);
    // The refined list has its own URL: reloaded (or shared), it shows the same criteria and candidates.
    expect(new URL(page.url()).searchParams.getAll('country')).toEqual(['TG']);
    expect(new URL(page.url()).searchParams.get('popMin')).toBe('60000');
    await page.reload();
    await page.waitForFunction(() => {
      const headings = Array.from(document.querySelectorAll('li.bp-card h3'), (h) => h.textContent ?? '');
      return headings.length > 0 && headings.every((h) => h.includes('Togo'));
    });
    expect(await page.locator('#f-sugg-pop-min').inputValue()).toBe('60000');
    // The suggestions on a map: Orléans and each candidate, labelled with its rank and score; a single marker opens its fiche.
    const map = page.locator('svg[aria-label="Carte des partenaires suggérés pour Orléans"]');
    const labels = (await map.locator('.cluster').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label') ?? ''))).join(' | ');
    const first = (await page.locator('li.bp-card h3 a').first().textContent())!;
    expect(labels).toContain(`1. ${first} — `);
    expect(labels).toContain('Orléans');
    await audit(page, 'fiche-refined-suggestions', 'section[aria-labelledby=suggest-title]');
    // "Where does a given authority rank?", under the applied criteria (Togo, 60,000 or more): Djougou (Benin) is
    // outside them, Parakou is already a partner, and the first suggestion is ranked 1 with the list's score.
    const place = page.getByTestId('place-candidate');
    await place.getByText('Où se classe une collectivité précise ?').click();
    const lookup = async (q: string) => {
      await place.locator('#f-place-candidate-q').fill(q);
      await place.getByRole('button', { name: 'Chercher' }).click();
      await place.getByRole('button', { name: new RegExp(`^${q} — `) }).click();
    };
    await lookup('Djougou');
    await place.getByTestId('placed-candidate').getByText('Djougou ne répond pas aux critères (pays).').waitFor();
    await place.getByRole('button', { name: 'Choisir une autre collectivité' }).click();
    await lookup('Parakou');
    await place.getByTestId('placed-candidate').getByText('Parakou est déjà partenaire : jamais suggérée.').waitFor();
    await lookup(first);
    const placed = place.getByTestId('placed-candidate');
    await placed.getByText(new RegExp(`^${first} est classée 1re sur \\d+ candidats examinés\\.$`)).waitFor();
    expect(await placed.locator('.fr-badge').textContent()).toMatch(/^Rang 1 \/ \d+$/);
    const listed = (await page.locator('ol.bp-ranked li.bp-card h3').first().textContent())!;
    expect(await placed.locator("li.bp-card h3").textContent()).toBe(listed); // same rank, name, level, country and score
    await audit(page, 'fiche-place-candidate', '[data-testid=place-candidate]');
    // Near candidates share a marker at first; activating it zooms in until the first candidate has its own.
    const single = map.locator(`.cluster[aria-label^="1. ${first} — "]`);
    for (let i = 0; i < 5 && !(await single.count()); i++) await map.locator(`.cluster[aria-label*="1. ${first} — "]`).click();
    await single.click();
    await page.getByRole('heading', { name: first, level: 1 }).waitFor();
    await page.context().close();
  });

  it('lets an authority’s agent set a suggestion aside, see it listed apart, and restore it', async () => {
    await french.goto(`${server.url}/collectivites/${ids.french}`);
    const firstCandidate = french.locator('ol.bp-ranked li.bp-card h3 a').first();
    await firstCandidate.waitFor();
    const top = (await firstCandidate.textContent())!;
    // Tours and its candidates, German towns, are close together: the map zooms on them (capped), every marker inside it.
    const map = french.locator('svg[aria-label="Carte des partenaires suggérés pour Tours"]');
    const frame = (await map.boundingBox())!;
    const markers = await map.locator('.cluster').all();
    expect(markers.length).toBeGreaterThan(1);
    for (const marker of markers) {
      const b = (await marker.boundingBox())!;
      expect({ inside: b.x >= frame.x && b.y >= frame.y && b.x + b.width <= frame.x + frame.width && b.y + b.height <= frame.y + frame.height }).toEqual({ inside: true });
    }
    await french.getByRole('button', { name: `Écarter cette suggestion : ${top}`, exact: true }).click();
    await french.getByText(`${top} est écartée de vos suggestions.`).waitFor();
    // Gone from the ranked list, listed apart with a way back.
    await french.waitForFunction((name) => !Array.from(document.querySelectorAll('ol.bp-ranked li.bp-card h3 a'), (a) => a.textContent).includes(name), top);
    const aside = french.getByTestId('set-aside');
    await aside.getByText('Suggestions écartées (1)').click();
    await aside.getByRole('link', { name: top, exact: true }).waitFor();
    await audit(french, 'fiche-set-aside', '[data-testid=set-aside]', 700);
    // The reviewer queued Tours's best suggestions earlier: the queue now says Tours set this one aside.
    await reviewer.goto(`${server.url}/ministere?onglet=suggestions`);
    const pair = reviewer.getByTestId('suggestion').filter({ has: reviewer.getByRole('link', { name: top, exact: true }) });
    for (const status of ['PROPOSED', 'APPROVED']) {
      await reviewer.locator('#sugg-status').selectOption(status);
      await reviewer.waitForLoadState('networkidle');
      if (await pair.count()) break;
    }
    await expect(pair.getByTestId('candidate-set-aside').textContent()).resolves.toBe('Écartée par Tours');
    expect(await reviewer.getByTestId('candidate-set-aside').count()).toBe(1);
    await aside.getByRole('button', { name: `Rétablir : ${top}`, exact: true }).click();
    await french.getByText(`${top} est rétablie parmi vos suggestions.`).waitFor();
    await french.waitForFunction((name) => document.querySelector('ol.bp-ranked li.bp-card h3 a')?.textContent === name, top);
    expect(await french.getByTestId('set-aside').count()).toBe(0);
  });

  it('shows the dashboard with its choropleth, and the authorities directory', async () => {
    await reviewer.goto(`${server.url}/tableau-de-bord`);
    await reviewer.getByRole('heading', { name: 'Relations par pays' }).waitFor();
    // Two choropleths (relationships, listings); Benin has its partnerships' colour, not the empty grey.
    expect(await reviewer.locator('svg.bp-map path.country[data-country="BJ"]').count()).toBe(2);
    const fill = await reviewer.locator('svg.bp-map path.country[data-country="BJ"]').first().evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toMatch(/^rgb\(/);
    expect(fill).not.toBe('rgb(240, 240, 240)');
    await audit(reviewer, 'dashboard');
    await reviewer.goto(`${server.url}/collectivites?kind=FOREIGN&country=BJ`);
    await reviewer.getByRole('link', { name: 'Djougou' }).waitFor();
    await audit(reviewer, 'authorities');
  });

  it('lets an administrator merge a record entered twice into the reference record, after confirming', async () => {
    // "Commune de Djougou", entered by hand without coordinates, twinned with Orléans: a duplicate of GeoNames' Djougou.
    const dup = ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name: 'Commune de Djougou', countryCode: 'BJ', level: 'MUNICIPALITY' } }, { admin: true })).createLocalAuthority.id;
    ok(await server.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`, { i: { authorityAId: await findAuthority('Orléans', 'FR'), authorityBId: dup, kind: 'FRIENDSHIP_PACT', status: 'ACTIVE' } }, { admin: true }));
    // And "Mairie de Parakou Nord", entered by hand: not Parakou's record (the administrator says so).
    ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name: 'Mairie de Parakou Nord', countryCode: 'BJ', level: 'MUNICIPALITY' } }, { admin: true }));
    // A reviewer sees the suspects and may dismiss a pair, but merging is for administrators.
    await reviewer.goto(`${server.url}/ministere?onglet=doublons&pays=BJ`);
    const seen = reviewer.getByTestId('duplicate-suspect').filter({ hasText: 'Commune de Djougou' });
    await seen.getByRole('button', { name: 'Ce ne sont pas les mêmes' }).waitFor();
    expect(await seen.getByRole('button', { name: /^Fusionner/ }).count()).toBe(0);
    expect(await reviewer.getByRole('heading', { name: 'Fusions récentes' }).count()).toBe(0);
    await newUser('ADMIN', 'admin@dctciv.example.org', 'Administratrice DCTCIV');
    const { page } = await session();
    await signIn(page, 'admin@dctciv.example.org');
    // Its fiche tells the administrator which reference record it seems to repeat.
    await page.goto(`${server.url}/collectivites/${dup}`);
    await page.getByTestId('suspected-duplicate').getByText('Doublon présumé : cette fiche semble répéter Djougou (trouvée par son nom).', { exact: false }).waitFor();
    await page.getByTestId('suspected-duplicate').getByRole('link', { name: 'Voir les doublons présumés' }).click();
    const card = page.getByTestId('duplicate-suspect').filter({ hasText: 'Commune de Djougou' });
    await card.getByText('Sans coordonnées : trouvé par son nom.').waitFor();
    await audit(page, 'ministry-duplicates');
    const other = page.getByTestId('duplicate-suspect').filter({ hasText: 'Mairie de Parakou Nord' });
    await other.getByRole('button', { name: 'Ce ne sont pas les mêmes' }).click();
    await page.getByText('« Mairie de Parakou Nord » et « Parakou » ne seront plus proposées comme doublons.').waitFor();
    await other.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Fusionner dans « Djougou »' }).click();
    await card.getByRole('button', { name: 'Confirmer la fusion' }).click();
    await page.getByText('« Commune de Djougou » fusionnée dans « Djougou » : 1 relation(s) déplacée(s)').waitFor();
    // The list is read again: the merged suspect leaves it.
    await page.getByTestId('duplicate-suspect').filter({ hasText: 'Commune de Djougou' }).waitFor({ state: 'detached' });
    // Djougou's fiche now shows the friendship pact with Orléans; the duplicate's page is gone.
    await page.goto(`${server.url}/collectivites/${ids.foreign}`);
    await page.getByRole('link', { name: 'Orléans' }).first().waitFor();
    const gone = await server.gql(`query($id: ID!) { localAuthority(id: $id) { id } }`, { id: dup });
    expect(gone.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // A duplicate the list cannot find (its own coordinates, 40 km off): merged from its fiche.
    const stray = ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name: 'Mairie centrale', countryCode: 'BJ', level: 'MUNICIPALITY', latitude: 9.7, longitude: 2.6 } }, { admin: true })).createLocalAuthority.id;
    await page.goto(`${server.url}/collectivites/${stray}`);
    await page.getByText('Fusionner cette fiche dans une autre (doublon)').click();
    // One letter is not searched: the field says why.
    await page.locator('#f-merge-search').fill('P');
    await page.getByRole('search').filter({ has: page.locator('#f-merge-search') }).getByRole('button', { name: 'Chercher' }).click();
    await page.getByTestId('merge-into').getByText('Au moins deux caractères.').waitFor();
    await page.locator('#f-merge-search').fill('Parakou');
    await page.getByRole('search').filter({ has: page.locator('#f-merge-search') }).getByRole('button', { name: 'Chercher' }).click();
    await page.getByTestId('merge-into').getByRole('button', { name: /^Parakou — / }).click();
    await page.getByRole('button', { name: 'Confirmer : fusionner dans « Parakou »' }).click();
    await page.getByRole('heading', { name: 'Parakou', level: 1 }).waitFor();
    expect((await server.gql(`query($id: ID!) { localAuthority(id: $id) { id } }`, { id: stray })).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // That merge was a mistake: undone from the recent merges, the record comes back under its id.
    await page.goto(`${server.url}/ministere?onglet=doublons&pays=BJ`);
    const merged = page.getByTestId('authority-merge').filter({ hasText: '« Mairie centrale »' });
    await merged.getByText('par un administrateur').waitFor();
    await page.evaluate(`document.getElementById('merges-title').scrollIntoView()`);
    await audit(page, 'ministry-merges');
    await merged.getByRole('button', { name: 'Annuler cette fusion : Mairie centrale' }).click();
    await merged.getByRole('button', { name: 'Confirmer : rétablir « Mairie centrale »' }).click();
    await page.getByText(/^« Mairie centrale » rétablie : \d+ élément\(s\) rendu\(s\) par « Parakou »/).waitFor();
    await merged.getByText(/annulée le/).waitFor();
    expect(ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { name latitude } }`, { id: stray })).localAuthority).toEqual({ name: 'Mairie centrale', latitude: 9.7 });
    // The undone pair now counts as two places; "Mairie de Parakou Nord", dismissed above, is taken back as a suspect.
    await page.getByText(/^Paires écartées/).click();
    await page.getByTestId('dismissal').filter({ hasText: 'Mairie centrale' }).waitFor();
    await page.getByRole('button', { name: 'Rétablir comme doublon présumé : Mairie de Parakou Nord' }).click();
    await page.getByText('« Mairie de Parakou Nord » et « Parakou » peuvent de nouveau être proposées comme doublons.').waitFor();
    await page.getByTestId('duplicate-suspect').filter({ hasText: 'Mairie de Parakou Nord' }).waitFor();
    // Chained merges (A into B, then B into C): the first cannot be undone before the second, and the page says so.
    const record = async (name: string) => ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id version } }`, { i: { name, countryCode: 'BJ', level: 'MUNICIPALITY' } }, { admin: true })).createLocalAuthority;
    const mergeInto = async (d: { id: string }, i: { id: string }) => {
      const v = async (id: string) => ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id })).localAuthority.version;
      ok(await server.gql(`mutation($i: MergeLocalAuthoritiesInput!) { mergeLocalAuthorities(input: $i) { __typename } }`, { i: { duplicateId: d.id, duplicateVersion: await v(d.id), intoId: i.id, intoVersion: await v(i.id) } }, { admin: true }));
    };
    const [ra, rb, rc] = [await record('Saisie A'), await record('Saisie B'), await record('Saisie C')];
    await mergeInto(ra, rb);
    await mergeInto(rb, rc);
    await page.reload();
    const first = page.getByTestId('authority-merge').filter({ hasText: '« Saisie A »' });
    await first.getByText('« Saisie B » a été fusionnée depuis : annulez d’abord cette fusion-là.').waitFor();
    expect(await first.getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('authority-merge').filter({ hasText: '« Saisie B »' }).getByRole('button', { name: 'Annuler cette fusion : Saisie B' }).count()).toBe(1);
    await page.context().close();
  });

  it('passes axe-core on every page, requests no other host and raises no page error', () => {
    const failing = audits.filter((a) => a.violations.length);
    expect(failing).toEqual([]);
    expect(audits.length).toBeGreaterThanOrEqual(18);
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
