import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField } from '../../common/idempotency';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CountryCode, LanguageCodes, Line, NotBlank, Population, Text } from '../../common/input-decorators';
import { ThemePriorityInput } from '../../common/theme-priority.input';
import { AuthorityKind, AuthorityLevel } from '../authority/authority.enums';
import { ListingStatus, ListingType } from './listing.entity';

@InputType({ description: 'Filters on listings; all given conditions must hold.' })
export class ListingFilter {
  @Field(() => ListingType, { nullable: true })
  @IsOptional() @IsEnum(ListingType)
  type?: ListingType;

  @Field(() => [ID], { nullable: true, description: 'Theme ids; a theme matches its descendants.' })
  @IsOptional() @ArrayMaxSize(50)
  themes?: string[];

  @Field(() => [String], { nullable: true, description: 'ISO alpha-2 codes: listings by an authority of these countries, or seeking partners there.' })
  @IsOptional() @ArrayMaxSize(50) @CountryCode({ each: true })
  countries?: string[];

  @Field(() => [ListingStatus], { nullable: true, description: 'Default: PUBLISHED. Other statuses are visible to administrators only.' })
  @IsOptional() @ArrayMaxSize(5)
  statuses?: ListingStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  authorityId?: string;

  @Field(() => AuthorityKind, { nullable: true, description: 'FRENCH: listings by French authorities; FOREIGN: by foreign ones.' })
  @IsOptional() @IsEnum(AuthorityKind)
  authorityKind?: AuthorityKind;

  @Field({ nullable: true, description: 'Words in the title or description, accent- and case-insensitive.' })
  @IsOptional() @Line(200)
  search?: string;

  @Field(() => [AuthorityLevel], { nullable: true, description: 'Levels of the listing’s authority.' })
  @IsOptional() @ArrayMaxSize(10) @IsEnum(AuthorityLevel, { each: true })
  authorityLevels?: AuthorityLevel[];

  @Field(() => Int, { nullable: true, description: 'Smallest population of the listing’s authority.' })
  @IsOptional() @IsInt() @Min(0)
  populationMin?: number;

  @Field(() => Int, { nullable: true, description: 'Largest population of the listing’s authority.' })
  @IsOptional() @IsInt() @Min(0)
  populationMax?: number;
}

@InputType('ListingFieldsBase')
export class ListingFields {
  @Field(() => [String], { nullable: true, description: 'ISO alpha-2 codes of the countries where a partner is sought.' })
  @IsOptional() @ArrayMaxSize(50) @CountryCode({ each: true })
  targetCountries?: string[];

  @Field(() => [AuthorityLevel], { nullable: true })
  @IsOptional() @ArrayMaxSize(8)
  desiredLevels?: AuthorityLevel[];

  @Field(() => Int, { nullable: true })
  @IsOptional() @Population()
  populationMin?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Population()
  populationMax?: number;

  @Field(() => [String], { nullable: true })
  @IsOptional() @LanguageCodes()
  languages?: string[];

  @Field(() => Int, { nullable: true })
  @IsOptional() @IsInt() @Min(1) @Max(120)
  expectedDurationMonths?: number;

  @Field(() => Int, { nullable: true, description: 'Accept at most this many expressions of interest.' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  maxAcceptedInterests?: number;
}

@InputType({ description: 'A new listing; it starts as a DRAFT.' })
export class CreateListingInput extends ListingFields {
  @IdempotencyKeyField()
  idempotencyKey?: string;

  @Field(() => ID)
  authorityId: string;

  @Field(() => ListingType)
  @IsEnum(ListingType)
  type: ListingType;

  @Field()
  @Line(200)
  title: string;

  @Field()
  @Text(20000) @NotBlank()
  description: string;

  @Field(() => [ThemePriorityInput])
  @ArrayMinSize(1, { message: 'at least one theme is required' }) @ArrayMaxSize(10) @ValidateNested()
  themes: ThemePriorityInput[];
}

@InputType({ description: 'Changes to a listing; omitted fields are left as they are, null clears optional ones.' })
export class UpdateListingInput extends ListingFields {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  @IsInt() @Min(1)
  version: number;

  @Field({ nullable: true })
  @IsOptional() @Line(200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional() @Text(20000)
  description?: string;

  @Field(() => [ThemePriorityInput], { nullable: true })
  @IsOptional() @ArrayMinSize(1, { message: 'at least one theme is required' }) @ArrayMaxSize(10) @ValidateNested()
  themes?: ThemePriorityInput[];
}
