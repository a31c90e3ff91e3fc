import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, MaxLength, MinLength } from 'class-validator';
import { CountryCode, Line, NoNul } from '../../common/input-decorators';

export enum UserRole {
  AGENT = 'AGENT',
  REVIEWER = 'REVIEWER',
  ADMIN = 'ADMIN',
}
registerEnumType(UserRole, {
  name: 'UserRole',
  valuesConfig: {
    AGENT: { description: 'Acts for one or more authorities' },
    REVIEWER: { description: 'Ministry reviewer (DCTCIV or embassy correspondent), possibly scoped to countries' },
    ADMIN: { description: 'Manages accounts and roles' },
  },
});

@ObjectType({ description: 'A signed-in user, as they see themselves.' })
export class User {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => UserRole) role: UserRole;
  @Field(() => [String], { description: 'Countries a reviewer reviews (empty: all).' }) reviewerCountries: string[];
  @Field() locale: string;
  @Field({ description: 'A disabled account cannot sign in and its sessions are revoked.' }) disabled: boolean;
  authorityIds: string[];
}

@InputType()
export class SignUpInput {
  @Field() @MaxLength(254) @IsEmail({}, { message: 'must be an e-mail address' }) email: string;
  @Field({ description: 'At least 12 characters.' }) @MinLength(12, { message: 'must be at least 12 characters' }) @MaxLength(200) @NoNul() password: string;
  @Field() @Line(100) displayName: string;
  @Field({ nullable: true, defaultValue: 'fr' }) @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

@InputType()
export class SignInInput {
  @Field() @MaxLength(254) @NoNul() email: string;
  @Field() @MaxLength(200) @NoNul() password: string;
}

@InputType({ description: 'Creates an account directly (administrators), e.g. a ministry reviewer.' })
export class CreateUserInput extends SignUpInput {
  @Field(() => UserRole) @IsIn(Object.values(UserRole)) role: UserRole;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(250) @CountryCode({ each: true }) reviewerCountries?: string[];
}

@InputType({ description: 'Invites someone to create their account (e.g. an embassy correspondent as a reviewer scoped to a country).' })
export class InviteUserInput {
  @Field() @MaxLength(254) @IsEmail({}, { message: 'must be an e-mail address' }) email: string;
  @Field(() => UserRole) @IsIn(Object.values(UserRole)) role: UserRole;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(250) @CountryCode({ each: true }) reviewerCountries?: string[];
  @Field(() => ID, { nullable: true, description: 'For an agent: the authority they will act for.' }) @IsOptional() authorityId?: string;
}

@ObjectType({ description: 'A one-time invitation: send the link to the invitee (it is also e-mailed when SMTP is configured).' })
export class Invitation {
  @Field() email: string;
  @Field(() => UserRole) role: UserRole;
  @Field({ description: 'The secret of the link; shown once, valid 14 days.' }) token: string;
  @Field() expiresAt: Date;
}

@InputType()
export class AcceptInvitationInput {
  @Field() @MaxLength(100) @NoNul() token: string;
  @Field() @MinLength(12, { message: 'must be at least 12 characters' }) @MaxLength(200) @NoNul() password: string;
  @Field() @Line(100) displayName: string;
  @Field({ nullable: true, defaultValue: 'fr' }) @IsOptional() @IsIn(['fr', 'en']) locale?: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field() @MaxLength(254) @NoNul() email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The secret of the link received by e-mail.' }) @MaxLength(100) @NoNul() token: string;
  @Field() @MinLength(12, { message: 'must be at least 12 characters' }) @MaxLength(200) @NoNul() password: string;
}

@InputType({ description: 'Changes the role of an account (administrators).' })
export class SetUserRoleInput {
  @Field(() => ID) userId: string;
  @Field(() => UserRole) @IsIn(Object.values(UserRole)) role: UserRole;
  @Field(() => [String], { nullable: true, description: 'For a reviewer: the countries reviewed (empty: all).' }) @IsOptional() @ArrayMaxSize(250) @CountryCode({ each: true }) reviewerCountries?: string[];
}
