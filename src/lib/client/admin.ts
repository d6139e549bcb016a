import { deviceAuthHeader } from '../sync/contract';

/** The admin screen's calls; the ticket (5 minutes, this kiosk only) lives in the page's memory. */
export interface DeviceRow {
	deviceId: string;
	label: string;
	enrolledAt: string | null;
	lastSeenAt: string | null;
	unsentReported: number | null;
	revokedAt: string | null;
	current: boolean;
}

type Result<T> = { ok: true; value: T } | { ok: false; message: string };
const TICKET = 'x-kilnboard-admin';

async function call<T>(url: string, init: RequestInit): Promise<Result<T>> {
	try {
		const res = await fetch(url, init);
		const body = (await res.json().catch(() => null)) as
			(T & { error?: { message?: string } }) | null;
		if (!res.ok) return { ok: false, message: body?.error?.message ?? `HTTP ${res.status}` };
		return { ok: true, value: body as T };
	} catch {
		return { ok: false, message: 'The studio server cannot be reached. Admin tasks need it.' };
	}
}

/** A fresh online PIN check of an admin (never the cached roster). */
export const adminSession = (token: string, uid: string, pin: string) =>
	call<{ ticket: string; expiresAt: string }>('/api/admin/session', {
		method: 'POST',
		headers: { authorization: deviceAuthHeader(token), 'content-type': 'application/json' },
		body: JSON.stringify({ uid, pin })
	});

export const listDevices = (token: string, ticket: string) =>
	call<{ devices: DeviceRow[] }>('/api/admin/devices', {
		headers: { authorization: deviceAuthHeader(token), [TICKET]: ticket }
	});

export const newEnrolCode = (token: string, ticket: string) =>
	call<{ code: string; expiresAt: string }>('/api/admin/enrol-codes', {
		method: 'POST',
		headers: { authorization: deviceAuthHeader(token), [TICKET]: ticket }
	});

export const revokeDevice = (token: string, ticket: string, id: string, reason: string) =>
	call<{ revoked: boolean }>(`/api/admin/devices/${encodeURIComponent(id)}/revoke`, {
		method: 'POST',
		headers: {
			authorization: deviceAuthHeader(token),
			[TICKET]: ticket,
			'content-type': 'application/json'
		},
		body: JSON.stringify({ reason })
	});

export interface PendingRow {
	id: string;
	customerName: string;
	firingType: string;
	estimatedHalfShelves: number;
	receivedAt: string;
}

/** Customer requests held back during a flood (the unconfirmed lane). */
export const listPending = (token: string, ticket: string) =>
	call<{ requests: PendingRow[] }>('/api/admin/pending-requests', {
		headers: { authorization: deviceAuthHeader(token), [TICKET]: ticket }
	});

export const decidePending = (
	token: string,
	ticket: string,
	id: string,
	decision: 'accept' | 'reject'
) =>
	call<{ status: string }>(`/api/admin/pending-requests/${encodeURIComponent(id)}/${decision}`, {
		method: 'POST',
		headers: { authorization: deviceAuthHeader(token), [TICKET]: ticket }
	});
