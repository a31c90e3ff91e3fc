import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalAuthority } from '../authority/authority.entity';
import type { Context } from '../../context';
import { AcceptInvitationInput, CreateUserInput, Invitation, InviteUserInput, RequestPasswordResetInput, ResetPasswordInput, SetUserRoleInput, SignInInput, SignUpInput, User } from './account.types';
import { AccountService } from './account.service';

@Resolver()
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() ctx: Context): Promise<User | null> {
    return new AccountService(ctx).me();
  }

  @Mutation(() => User, { description: 'Creates an agent account and signs in (session cookie).' })
  signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).signUp(input);
  }

  @Mutation(() => User, { description: 'Signs in (session cookie). Failed attempts are rate-limited per e-mail and per address.' })
  signIn(@Arg('input') input: SignInInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).signIn(input);
  }

  @Mutation(() => Boolean, { description: 'Revokes the current session.' })
  signOut(@Ctx() ctx: Context): Promise<boolean> {
    return new AccountService(ctx).signOut(ctx.sessionToken);
  }

  @Authorized('ADMIN')
  @Mutation(() => User, { description: 'Creates an account with a role (e.g. a ministry reviewer scoped to countries).' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).createUser(input);
  }

  @Authorized('ADMIN')
  @Mutation(() => Invitation, { description: 'Invites a reviewer (or agent, administrator): returns the one-time token of the invitation link.' })
  inviteUser(@Arg('input') input: InviteUserInput, @Ctx() ctx: Context): Promise<Invitation> {
    return new AccountService(ctx).invite(input);
  }

  @Mutation(() => User, { description: 'Creates the invited account with its role, and signs in.' })
  acceptInvitation(@Arg('input') input: AcceptInvitationInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).acceptInvitation(input);
  }

  @Mutation(() => Boolean, { description: 'E-mails a one-time link to choose a new password (when SMTP is configured). Always true: the answer does not tell whether the account exists.' })
  requestPasswordReset(@Arg('input') input: RequestPasswordResetInput, @Ctx() ctx: Context): Promise<boolean> {
    return new AccountService(ctx).requestPasswordReset(input);
  }

  @Mutation(() => User, { description: 'Sets a new password with the link’s token, revokes every other session, and signs in.' })
  resetPassword(@Arg('input') input: ResetPasswordInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).resetPassword(input);
  }

  @Authorized('ADMIN')
  @Query(() => [User], { description: 'Accounts, newest first (administrators); `search` matches the e-mail or the name.' })
  users(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<User[]> {
    return new AccountService(ctx).users(first, search);
  }

  @Authorized('ADMIN')
  @Mutation(() => User, { description: 'Disables an account (its sessions are revoked at once) or enables it again.' })
  setUserDisabled(@Arg('userId', () => ID) userId: string, @Arg('disabled') disabled: boolean, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).setDisabled(userId, disabled);
  }

  @Authorized('ADMIN')
  @Mutation(() => User, { description: 'Changes the role of an account, and a reviewer’s countries.' })
  setUserRole(@Arg('input') input: SetUserRoleInput, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).setRole(input);
  }

  @Authorized('ADMIN')
  @Mutation(() => User, { description: 'Lets an agent act for an authority.' })
  addMembership(@Arg('userId', () => ID) userId: string, @Arg('authorityId', () => ID) authorityId: string, @Ctx() ctx: Context): Promise<User> {
    return new AccountService(ctx).addMembership(userId, authorityId);
  }
}

@Resolver(() => User)
export class UserFieldsResolver {
  @FieldResolver(() => [LocalAuthority], { description: 'The authorities an agent acts for.' })
  async authorities(@Root() user: User, @Ctx() ctx: Context): Promise<LocalAuthority[]> {
    const found = await ctx.loaders.authorityById.loadMany(user.authorityIds ?? []);
    return found.filter((a): a is LocalAuthority => !!a && !(a instanceof Error));
  }
}
