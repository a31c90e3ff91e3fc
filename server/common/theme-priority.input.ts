import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, Max, MaxLength, Min } from 'class-validator';

@InputType({ description: 'A theme and its priority (1 = highest, up to 5).' })
export class ThemePriorityInput {
  @Field(() => ID)
  @MaxLength(100)
  themeId: string;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt() @Min(1) @Max(5)
  priority: number;
}
