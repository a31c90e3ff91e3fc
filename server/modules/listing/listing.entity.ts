import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AuthorityLevel } from '../authority/authority.enums';

export enum ListingType {
  OFFER = 'OFFER',
  REQUEST = 'REQUEST',
}
export enum ListingStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  EXPIRED = 'EXPIRED',
  CLOSED = 'CLOSED',
}
registerEnumType(ListingType, {
  name: 'ListingType',
  valuesConfig: { OFFER: { description: 'Offre de partenariat' }, REQUEST: { description: 'Demande de partenariat' } },
});
registerEnumType(ListingStatus, { name: 'ListingStatus' });

@ObjectType({ description: 'A call for partners (appel à partenariat): an offer or a request published by an authority.' })
@Entity('listing')
export class Listing {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid', { name: 'authority_id' })
  authorityId: string;

  @Field(() => ListingType)
  @Column('text')
  type: ListingType;

  @Field()
  @Column('text')
  title: string;

  @Field()
  @Column('text')
  description: string;

  /** Accent- and case-folded title and description, for search; never exposed. */
  @Column('text', { name: 'search_text', default: '' })
  searchText: string;

  /** ISO alpha-2 codes; resolved as `targetCountries`. */
  @Field(() => [String], { description: 'ISO alpha-2 codes of the countries where a partner is sought.' })
  @Column('text', { name: 'target_countries', array: true, default: () => "'{}'" })
  targetCountryCodes: string[];

  @Field(() => [AuthorityLevel], { description: 'Levels of partner sought.' })
  @Column('text', { name: 'desired_levels', array: true, default: () => "'{}'" })
  desiredLevels: AuthorityLevel[];

  @Field(() => Int, { nullable: true })
  @Column('integer', { name: 'population_min', nullable: true })
  populationMin: number | null;

  @Field(() => Int, { nullable: true })
  @Column('integer', { name: 'population_max', nullable: true })
  populationMax: number | null;

  @Field(() => [String], { description: 'Working languages accepted (ISO 639-1).' })
  @Column('text', { array: true, default: () => "'{}'" })
  languages: string[];

  @Field(() => Int, { nullable: true })
  @Column('smallint', { name: 'expected_duration_months', nullable: true })
  expectedDurationMonths: number | null;

  @Field(() => ListingStatus)
  @Column('text')
  status: ListingStatus;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('text', { name: 'review_reason', nullable: true })
  reviewReason: string | null;

  @Field(() => Int, { nullable: true, description: 'How many expressions of interest the owners accept at most.' })
  @Column('integer', { name: 'max_accepted_interests', nullable: true })
  maxAcceptedInterests: number | null;

  @Field({ description: 'True for demonstration listings shipped with the product.' })
  @Column('boolean', { default: false })
  demo: boolean;

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
