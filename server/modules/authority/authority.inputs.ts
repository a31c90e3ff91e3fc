import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField } from '../../common/idempotency';
import { ArrayMaxSize, IsEmail, IsEnum, IsIn, IsInt, IsNumber, IsOptional, Max, MaxLength, Min, Matches, ValidateNested } from 'class-validator';
import { CountryCode, LanguageCodes, Line, NoNul, NotBlank, Population, Text, WebUrl } from '../../common/input-decorators';
import { AuthorityKind, AuthorityLevel, ForeignActorKind } from './authority.enums';

@InputType({ description: 'Filters on local authorities; all given conditions must hold.' })
export class LocalAuthorityFilter {
  @Field({ nullable: true, description: 'Name search, accent- and case-insensitive ("orleans" finds Orléans).' })
  @IsOptional() @Line(200)
  search?: string;

  @Field(() => [String], { nullable: true, description: 'ISO alpha-2 country codes.' })
  @IsOptional() @ArrayMaxSize(50) @CountryCode({ each: true })
  countries?: string[];

  @Field(() => AuthorityKind, { nullable: true })
  @IsOptional() @IsEnum(AuthorityKind)
  kind?: AuthorityKind;

  @Field(() => [AuthorityLevel], { nullable: true })
  @IsOptional() @ArrayMaxSize(8)
  levels?: AuthorityLevel[];

  @Field(() => Int, { nullable: true })
  @IsOptional() @Population()
  populationMin?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional() @Population()
  populationMax?: number;

  @Field(() => [ID], { nullable: true, description: 'Theme ids; a theme matches its descendants. Matches the fiche’s themes, its relationships’ and its published listings’.' })
  @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true }) @NoNul({ each: true })
  themes?: string[];

  @Field({ nullable: true, description: 'INSEE code of a département: French authorities in it.' })
  @IsOptional() @Matches(/^[0-9][0-9AB][0-9]?$/, { message: 'must be a département code such as "45" or "2A"' })
  departementCode?: string;
}

@InputType('AuthorityProfileFieldsBase')
export class AuthorityProfileFields {
  @Field(() => Int, { nullable: true })
  @IsOptional() @Population()
  population?: number;

  @Field(() => Float, { nullable: true, description: 'Area in km².' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(20_000_000)
  areaKm2?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180)
  longitude?: number;

  @Field({ nullable: true })
  @IsOptional() @Text(500)
  address?: string;

  @Field({ nullable: true })
  @IsOptional() @WebUrl()
  website?: string;

  @Field({ nullable: true })
  @IsOptional() @Text(20000)
  description?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMaxSize(30) @Line(200, { each: true })
  mainActivities?: string[];

  @Field(() => [String], { nullable: true, description: 'ISO 639-1 codes.' })
  @IsOptional() @LanguageCodes()
  languages?: string[];

  @Field(() => [ID], { nullable: true, description: 'Themes of interest of the fiche (objectifs souhaités).' })
  @IsOptional() @ArrayMaxSize(30) @MaxLength(100, { each: true }) @NoNul({ each: true })
  themes?: string[];

  @Field({ nullable: true, description: 'Wikidata item, e.g. "Q6548".' })
  @IsOptional() @Matches(/^Q[1-9][0-9]{0,11}$/, { message: 'must be a Wikidata item id such as "Q6548"' })
  wikidataId?: string;
}

@InputType({ description: 'A new local authority (for one not already in the reference data).' })
export class CreateLocalAuthorityInput extends AuthorityProfileFields {
  @IdempotencyKeyField()
  idempotencyKey?: string;

  @Field()
  @Line(200)
  name: string;

  @Field(() => AuthorityLevel)
  @IsEnum(AuthorityLevel)
  level: AuthorityLevel;

  @Field({ description: 'ISO alpha-2 code; "FR" makes a French authority.' })
  @CountryCode()
  countryCode: string;

  @Field({ nullable: true })
  @IsOptional() @Matches(/^[0-9][0-9AB][0-9]{0,3}$/, { message: 'must be an INSEE code such as "45234"' })
  inseeCode?: string;

  @Field({ nullable: true })
  @IsOptional() @Matches(/^[0-9]{9}$/, { message: 'must be a 9-digit SIREN number' })
  siren?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional() @IsInt() @Min(1)
  geonamesId?: number;
}

@InputType({ description: 'Changes to a fiche; omitted fields are left as they are, null clears a field.' })
export class UpdateLocalAuthorityInput extends AuthorityProfileFields {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The version read; the update is refused if someone changed the fiche since.' })
  @IsInt() @Min(1)
  version: number;

  @Field({ nullable: true })
  @IsOptional() @Line(200)
  name?: string;
}

@InputType()
export class ContactInput {
  @Field()
  @Line(200)
  name: string;

  @Field({ nullable: true })
  @IsOptional() @Line(200)
  function?: string;

  @Field({ nullable: true })
  @IsOptional() @MaxLength(254) @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string;

  @Field({ nullable: true })
  @IsOptional() @Matches(/^\+?[0-9 ().-]{4,30}$/, { message: 'must be a phone number' })
  phone?: string;
}

@InputType()
export class SetContactsInput {
  @Field(() => ID)
  authorityId: string;

  @Field(() => [ContactInput], { description: 'The complete list; replaces the current one.' })
  @ArrayMaxSize(20) @ValidateNested()
  contacts: ContactInput[];
}

@InputType()
export class ForeignActorInput {
  @Field()
  @Line(200)
  name: string;

  @Field(() => ForeignActorKind)
  @IsIn(Object.values(ForeignActorKind))
  kind: ForeignActorKind;

  @Field({ nullable: true })
  @IsOptional() @CountryCode()
  countryCode?: string;

  @Field({ nullable: true })
  @IsOptional() @Text(5000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional() @WebUrl()
  website?: string;
}

@InputType()
export class SetForeignActorsInput {
  @Field(() => ID)
  authorityId: string;

  @Field(() => [ForeignActorInput], { description: 'The complete list; replaces the current one.' })
  @ArrayMaxSize(50) @ValidateNested()
  actors: ForeignActorInput[];
}

@InputType({ description: 'Two records of one authority (an import under another name, a fiche created twice): the duplicate is merged into the one kept.' })
export class MergeLocalAuthoritiesInput {
  @Field(() => ID, { description: 'The record that disappears: its relationships, listings, members, themes, contacts, foreign actors, interests and suggestions move to the one kept.' })
  duplicateId: string;

  @Field(() => Int, { description: 'The duplicate’s version read; refused if it changed since.' })
  @IsInt() @Min(1)
  duplicateVersion: number;

  @Field(() => ID, { description: 'The record kept (usually the reference data’s: INSEE or GeoNames).' })
  intoId: string;

  @Field(() => Int, { description: 'The kept record’s version read; refused if it changed since.' })
  @IsInt() @Min(1)
  intoVersion: number;

  @Field({ nullable: true, description: 'A new name for the record kept (e.g. the duplicate’s, when the reference data has an old or foreign form: GeoNames’ "Eisen" for Yeongju).' })
  @IsOptional() @Line(200) @NotBlank()
  name?: string;
}
