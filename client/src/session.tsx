// Who is signed in, and which authorities they act for.
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';

const MeDoc = graphql(`
  query Me {
    me {
      id
      displayName
      email
      role
      reviewerCountries
      authorities { id name kind countryCode level }
    }
  }
`);

type Session = { me: MeQuery['me'] | null; loading: boolean; refresh: () => void };
const Ctx = createContext<Session>({ me: null, loading: true, refresh: () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [{ data, fetching }, reexecute] = useQuery({ query: MeDoc, requestPolicy: 'network-only' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  return <Ctx.Provider value={{ me: data?.me ?? null, loading: fetching && !data, refresh }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);
export const isMinistry = (me: Session['me']) => me?.role === 'REVIEWER' || me?.role === 'ADMIN';
export const canEdit = (me: Session['me'], authorityId: string | null | undefined) =>
  !!me && (me.role === 'ADMIN' || me.authorities.some((a) => a.id === authorityId));
