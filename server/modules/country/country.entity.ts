import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A country (ISO 3166-1), with its names in French and English.' })
@Entity('country')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. "BJ".' })
  @PrimaryColumn('text')
  code: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3 code.' })
  @Column('text', { nullable: true })
  code3: string | null;

  @Field()
  @Column('text', { name: 'name_fr' })
  nameFr: string;

  @Field()
  @Column('text', { name: 'name_en' })
  nameEn: string;

  @Field(() => String, { nullable: true, description: 'Continent-level region (e.g. "Africa").' })
  @Column('text', { nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: 'Sub-region (e.g. "Western Africa").' })
  @Column('text', { nullable: true })
  subregion: string | null;

  /** Alpha-2 codes of land neighbours (resolved as `neighbours`). */
  @Column('text', { array: true, default: () => "'{}'" })
  borders: string[];

  @Field(() => [String], { description: 'Official languages (ISO 639-3 codes).' })
  @Column('text', { array: true, default: () => "'{}'" })
  languages: string[];

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  longitude: number | null;
}
