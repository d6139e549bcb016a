// The customer page renders in the browser like the kiosk, but under its own layout: it never
// loads the kiosk (Dexie, outbox, sync).
export const ssr = false;
export const prerender = false;
