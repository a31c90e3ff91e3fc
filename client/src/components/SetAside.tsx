import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { ErrorAlert, Success } from './ui';

const SetAsideDoc = graphql(`mutation SetAsideCandidate($seekerId: ID!, $candidateId: ID!) { setAsideCandidate(seekerId: $seekerId, candidateId: $candidateId) { setAt candidate { id name } } }`);
const RestoreDoc = graphql(`mutation RestoreCandidate($seekerId: ID!, $candidateId: ID!) { restoreCandidate(seekerId: $seekerId, candidateId: $candidateId) }`);

type Named = { id: string; name: string };

/**
 * Setting a suggested partner aside ("not for us") and restoring it, for the seeker's agents: the buttons, the
 * confirmation and the API's error; `changed` reads the suggestions again afterwards.
 */
export function useSetAside(seekerId: string, changed: () => void) {
  const { t } = useI18n();
  const [aside, setAside] = useMutation(SetAsideDoc);
  const [restored, restore] = useMutation(RestoreDoc);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setDone(null), [seekerId]); // another fiche or listing: not this one's message
  const putAside = async (c: Named) => {
    if ((await setAside({ seekerId, candidateId: c.id })).data) {
      setDone(t(`${c.name} est écartée de vos suggestions.`, `${c.name} is set aside from your suggestions.`));
      changed();
    }
  };
  const putBack = async (c: Named) => {
    if ((await restore({ seekerId, candidateId: c.id })).data) {
      setDone(t(`${c.name} est rétablie parmi vos suggestions.`, `${c.name} is back among your suggestions.`));
      changed();
    }
  };
  const status = (
    <>
      {done && <Success>{done}</Success>}
      <ErrorAlert error={aside.error ?? restored.error} />
    </>
  );
  const asideButton = (c: Named) => (
    <button className="fr-btn fr-btn--tertiary fr-btn--sm fr-mt-1w fr-mr-1w" disabled={aside.fetching} onClick={() => putAside(c)}>
      {t('Écarter cette suggestion', 'Set this suggestion aside')}
      <span className="fr-sr-only"> : {c.name}</span>
    </button>
  );
  const restoreButton = (c: Named) => (
    <button className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" disabled={restored.fetching} onClick={() => putBack(c)}>
      {t('Rétablir', 'Restore')}
      <span className="fr-sr-only"> : {c.name}</span>
    </button>
  );
  return { status, asideButton, restoreButton };
}
