// The customer's status page is server-rendered and ships no JavaScript: it works with scripts
// off, and nothing of the kiosk (Dexie, outbox, sync) can reach it.
export const csr = false;
export const prerender = false;
