import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum CorrespondentRole {
  DECENTRALISED_COOPERATION_CORRESPONDENT = 'DECENTRALISED_COOPERATION_CORRESPONDENT',
  COOPERATION_COUNSELLOR = 'COOPERATION_COUNSELLOR',
}
registerEnumType(CorrespondentRole, {
  name: 'CorrespondentRole',
  valuesConfig: {
    DECENTRALISED_COOPERATION_CORRESPONDENT: { description: 'Correspondant coopération décentralisée' },
    COOPERATION_COUNSELLOR: { description: "Conseiller de coopération et d'action culturelle" },
  },
});

@ObjectType({ description: 'A French embassy (poste diplomatique) in a country.' })
@Entity('embassy')
export class Embassy {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text', { name: 'country_code' })
  countryCode: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  website: string | null;
}

@ObjectType({ description: 'An embassy officer who follows decentralised cooperation. Contact details are not public.' })
@Entity('embassy_correspondent')
export class EmbassyCorrespondent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'embassy_id' })
  embassyId: string;

  @Field(() => CorrespondentRole)
  @Column('text')
  role: CorrespondentRole;

  @Field()
  @Column('text')
  name: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  phone: string | null;
}
