// Kiosk routes render on the client from one cached shell, so any route opens offline.
export const ssr = false;
export const prerender = false;
