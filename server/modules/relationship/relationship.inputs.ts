import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField } from '../../common/idempotency';
import { ArrayMaxSize, IsEnum, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsoDate, Line, Text, WebUrl, Year } from '../../common/input-decorators';
import { ThemePriorityInput } from '../../common/theme-priority.input';
import { RelationshipKind, RelationshipStatus } from './relationship.entity';

@InputType({ description: 'A financing row.' })
export class FundingInput {
  @Field()
  @Line(200)
  funder: string;

  @Field(() => Float, { nullable: true })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0) @Max(1e11)
  amountEur?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0) @Max(1e11)
  waterOnePercentEur?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Year()
  year?: number;
}

@InputType('RelationshipFieldsBase')
export class RelationshipFields {
  @Field({ nullable: true })
  @IsOptional() @Line(300)
  title?: string;

  @Field({ nullable: true })
  @IsOptional() @Text(20000)
  description?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Year()
  firstConventionYear?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Year()
  startYear?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Year()
  endYear?: number;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional() @IsoDate()
  startDate?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional() @IsoDate()
  endDate?: string;

  @Field(() => [ThemePriorityInput], { nullable: true })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested()
  themes?: ThemePriorityInput[];

  @Field(() => [FundingInput], { nullable: true, description: 'The complete list of financing rows.' })
  @IsOptional() @ArrayMaxSize(200) @ValidateNested()
  fundings?: FundingInput[];

  @Field({ nullable: true })
  @IsOptional() @Line(300)
  source?: string;

  @Field({ nullable: true })
  @IsOptional() @WebUrl()
  sourceUrl?: string;
}

@InputType()
export class CreateRelationshipInput extends RelationshipFields {
  @IdempotencyKeyField()
  idempotencyKey?: string;

  @Field(() => ID)
  authorityAId: string;

  @Field(() => ID)
  authorityBId: string;

  @Field(() => RelationshipKind)
  @IsEnum(RelationshipKind)
  kind: RelationshipKind;

  @Field(() => RelationshipStatus, { defaultValue: RelationshipStatus.ACTIVE })
  @IsEnum(RelationshipStatus)
  status: RelationshipStatus;
}

@InputType({ description: 'Changes to a relationship; omitted fields are left as they are.' })
export class UpdateRelationshipInput extends RelationshipFields {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt() @Min(1)
  version: number;

  @Field(() => RelationshipKind, { nullable: true })
  @IsOptional() @IsEnum(RelationshipKind)
  kind?: RelationshipKind;

  @Field(() => RelationshipStatus, { nullable: true })
  @IsOptional() @IsEnum(RelationshipStatus)
  status?: RelationshipStatus;
}
