// Signs in through the API's demo login (as the repository's examples do), then renders the dialer.
import { createRoot } from 'react-dom/client';
import { Dialer } from './Dialer';

const api = new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:3000';
const response = await fetch(`${api}/api/auth/dev-login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ userId: 'react-agent', name: 'React Agent' })
});
const { token } = (await response.json()) as { token: string };
createRoot(document.getElementById('root')!).render(<Dialer api={api} authToken={token} />);
