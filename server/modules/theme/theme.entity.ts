import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A node of the 3-level theme taxonomy (thématique › sous-thématique › sous-sous-thématique).' })
@Entity('theme')
export class Theme {
  @Field(() => ID, { description: 'Stable dotted code, e.g. "env.waste.recycling".' })
  @PrimaryColumn('text')
  id: string;

  @Field(() => ID, { nullable: true })
  @Column('text', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Field(() => Int, { description: '1 = thématique, 2 = sous-thématique, 3 = sous-sous-thématique.' })
  @Column('smallint')
  level: number;

  @Field()
  @Column('text', { name: 'label_fr' })
  labelFr: string;

  @Field()
  @Column('text', { name: 'label_en' })
  labelEn: string;

  @Field(() => [Int], { description: 'UN Sustainable Development Goals (1–17) this theme contributes to.' })
  @Column('smallint', { array: true, default: () => "'{}'" })
  sdgs: number[];

  @Field(() => Int)
  @Column('integer', { default: 0 })
  position: number;
}

@ObjectType({ description: 'A theme with the priority (1 = highest) it has for a listing or relationship.' })
export class PrioritizedTheme {
  @Field(() => Theme)
  theme: Theme;

  @Field(() => Int)
  priority: number;
}
