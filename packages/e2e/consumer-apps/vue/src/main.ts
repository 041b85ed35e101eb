// Signs in through the API's demo login (as the repository's examples do), then mounts the app.
import { createApp } from 'vue';
import App from './App.vue';

const api = new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:3000';
const response = await fetch(`${api}/api/auth/dev-login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ userId: 'vue-agent', name: 'Vue Agent' })
});
const { token } = (await response.json()) as { token: string };
createApp(App, { api, authToken: token }).mount('#app');
