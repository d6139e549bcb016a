/** Display helpers for the kiosk (UTC-free local rendering, short and glanceable). */
export function shortTime(iso: string | null | undefined): string {
	if (!iso) return '—';
	const d = new Date(iso);
	return d.toLocaleString('en-US', {
		month: 'short',
		day: 'numeric',
		hour: 'numeric',
		minute: '2-digit'
	});
}

export function shortDay(iso: string | null | undefined): string {
	if (!iso) return '—';
	return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

export function age(fromIso: string | null | undefined, nowMs: number): string {
	if (!fromIso) return '—';
	const s = Math.max(0, Math.round((nowMs - Date.parse(fromIso)) / 1000));
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min`;
	if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
	return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function snippet(text: string | null | undefined, max = 80): string {
	if (!text) return '';
	const t = text.replace(/\s+/g, ' ').trim();
	return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
