import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AuthorityKind, AuthorityLevel, ForeignActorKind } from './authority.enums';

@ObjectType({ description: "A local authority (French or foreign) and its fiche de présentation." })
@Entity('local_authority')
export class LocalAuthority {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => AuthorityKind)
  @Column('text')
  kind: AuthorityKind;

  @Field(() => AuthorityLevel)
  @Column('text')
  level: AuthorityLevel;

  @Field()
  @Column('text')
  name: string;

  /** Accent- and case-folded name used by search; never exposed. */
  @Column('text', { name: 'search_name', select: true })
  searchName: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of the country.' })
  @Column('text', { name: 'country_code' })
  countryCode: string;

  @Field(() => String, { nullable: true, description: 'INSEE code (COG) of a French commune, département or région.' })
  @Column('text', { name: 'insee_code', nullable: true })
  inseeCode: string | null;

  @Field(() => String, { nullable: true, description: 'SIREN number of a French authority.' })
  @Column('text', { nullable: true })
  siren: string | null;

  @Field(() => Int, { nullable: true, description: 'GeoNames id of a foreign place.' })
  @Column('integer', { name: 'geonames_id', nullable: true })
  geonamesId: number | null;

  @Field(() => String, { nullable: true, description: 'Wikidata item, e.g. "Q6548".' })
  @Column('text', { name: 'wikidata_id', nullable: true })
  wikidataId: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the département a French commune or EPCI belongs to.' })
  @Column('text', { name: 'departement_code', nullable: true })
  departementCode: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the région a French authority belongs to.' })
  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Field(() => String, { nullable: true, description: 'First-level administrative division code (GeoNames admin1) of a foreign place.' })
  @Column('text', { name: 'admin_code', nullable: true })
  adminCode: string | null;

  @Field(() => Int, { nullable: true })
  @Column('integer', { nullable: true })
  population: number | null;

  @Field(() => Float, { nullable: true, description: 'Area in square kilometres.' })
  @Column('double precision', { name: 'area_km2', nullable: true })
  areaKm2: number | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'Main activities on the territory (fiche: principales caractéristiques).' })
  @Column('text', { name: 'main_activities', array: true, default: () => "'{}'" })
  mainActivities: string[];

  @Field(() => [String], { description: 'Working languages (ISO 639-1 codes, e.g. "fr", "en").' })
  @Column('text', { array: true, default: () => "'{}'" })
  languages: string[];

  @Field({ description: 'Where the record comes from: "insee", "geonames", "seed", "wikidata" or "user".' })
  @Column('text', { default: 'user' })
  source: string;

  @Field(() => Int, { description: 'Incremented on every update; send it back to update (optimistic concurrency).' })
  @Column('integer', { default: 1 })
  version: number;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'A contact person of an authority. Never readable by anonymous clients.' })
@Entity('contact')
export class Contact {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'authority_id' })
  authorityId: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => String, { nullable: true, description: 'Function / role, e.g. "Responsable des relations internationales".' })
  @Column('text', { nullable: true })
  function: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('integer', { default: 0 })
  position: number;
}

@ObjectType({ description: 'An NGO, agency, donor or other actor present on an authority’s territory.' })
@Entity('foreign_actor')
export class ForeignActor {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'authority_id' })
  authorityId: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => ForeignActorKind)
  @Column('text')
  kind: ForeignActorKind;

  @Field(() => String, { nullable: true, description: 'Country of origin of the actor (ISO alpha-2).' })
  @Column('text', { name: 'country_code', nullable: true })
  countryCode: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  website: string | null;
}
