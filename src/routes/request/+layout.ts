// The customer page is server-rendered and ships no JavaScript: its form posts to a form action
// (+page.server.ts), so it works with scripts off and nothing of the kiosk (Dexie, outbox,
// sync) can reach it.
export const csr = false;
export const prerender = false;
