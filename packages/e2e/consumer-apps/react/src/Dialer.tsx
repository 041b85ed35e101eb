// docs/widget.md "React" shows this component: keep them the same.
import { useState } from 'react';
import '@sw-dialer/elements/define';
import type {} from '@sw-dialer/elements/react';
import type { SwCallEndedEvent } from '@sw-dialer/elements';

export function Dialer({ api, authToken }: { api: string; authToken: string }) {
  const [lastCall, setLastCall] = useState('');
  return (
    <>
      <sw-dialer
        id="dialer"
        tokenEndpoint={`${api}/api/telephony/signalwire/token`}
        apiBase={api}
        defaultCountry="US"
        authToken={authToken}
        onsw-call-ended={(e: SwCallEndedEvent) => setLastCall(`${e.detail.status}: ${e.detail.endReason}`)}
      />
      <output id="last-call">{lastCall}</output>
    </>
  );
}
