import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RelationshipKind {
  TWINNING = 'TWINNING',
  DECENTRALISED_COOPERATION = 'DECENTRALISED_COOPERATION',
  FRIENDSHIP_PACT = 'FRIENDSHIP_PACT',
  OTHER = 'OTHER',
}
export enum RelationshipStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(RelationshipKind, {
  name: 'RelationshipKind',
  valuesConfig: {
    TWINNING: { description: 'Jumelage' },
    DECENTRALISED_COOPERATION: { description: 'Coopération décentralisée (convention-based)' },
    FRIENDSHIP_PACT: { description: "Pacte d'amitié" },
  },
});
registerEnumType(RelationshipStatus, { name: 'RelationshipStatus' });

const numeric = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null || v === undefined ? null : Number(v)) };

@ObjectType({ description: 'An existing relationship between two authorities (twinning, decentralised cooperation, …).' })
@Entity('relationship')
export class Relationship {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'authority_a_id' })
  authorityAId: string;

  @Column('uuid', { name: 'authority_b_id' })
  authorityBId: string;

  @Field(() => RelationshipKind)
  @Column('text')
  kind: RelationshipKind;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the first convention was signed.' })
  @Column('smallint', { name: 'first_convention_year', nullable: true })
  firstConventionYear: number | null;

  @Field(() => Int, { nullable: true })
  @Column('smallint', { name: 'start_year', nullable: true })
  startYear: number | null;

  @Field(() => Int, { nullable: true })
  @Column('smallint', { name: 'end_year', nullable: true })
  endYear: number | null;

  @Field(() => String, { nullable: true, description: 'Exact start date when known (YYYY-MM-DD).' })
  @Column('date', { name: 'start_date', nullable: true })
  startDate: string | null;

  @Field(() => String, { nullable: true, description: 'Exact end date when known (YYYY-MM-DD).' })
  @Column('date', { name: 'end_date', nullable: true })
  endDate: string | null;

  @Field(() => RelationshipStatus)
  @Column('text')
  status: RelationshipStatus;

  @Field(() => String, { nullable: true, description: 'Where the record comes from (e.g. the ministry’s Atlas).' })
  @Column('text', { nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'source_url', nullable: true })
  sourceUrl: string | null;

  @Field(() => Int)
  @Column('integer', { default: 1 })
  version: number;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Set when the relationship is reached from one of its authorities: `partner` is then the other one. */
  viewpointAuthorityId?: string;
}

@ObjectType({ description: 'A financing row of a cooperation (financeur, montant, « 1 % eau », année).' })
@Entity('funding')
export class Funding {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'relationship_id' })
  relationshipId: string;

  @Field()
  @Column('text')
  funder: string;

  @Field(() => Float, { nullable: true, description: 'Amount in euros.' })
  @Column('numeric', { name: 'amount_eur', nullable: true, transformer: numeric })
  amountEur: number | null;

  @Field(() => Float, { nullable: true, description: 'Amount under the « 1 % eau » (loi Oudin-Santini 2005), in euros.' })
  @Column('numeric', { name: 'water_one_percent_eur', nullable: true, transformer: numeric })
  waterOnePercentEur: number | null;

  @Field(() => Int, { nullable: true })
  @Column('smallint', { nullable: true })
  year: number | null;

  @Column('integer', { default: 0 })
  position: number;
}
