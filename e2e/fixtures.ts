import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	chromium,
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { TestServer, freePort } from './server';

export const PINS = { staff: '1111', supervisor: '222222', admin: '333333' } as const;
export const NAMES = { staff: 'Sam Rivera', supervisor: 'Jo Park', admin: 'Alex Chen' } as const;

/**
 * A one-time enrolment code from the test server (test hook; in production an admin makes one
 * with `npm run devices -- code` or on another kiosk's Devices screen).
 */
export async function enrolCode(baseURL: string): Promise<string> {
	const res = await fetch(`${baseURL}/api/test/enrol-code`, { method: 'POST' });
	if (!res.ok) throw new Error(`no enrolment code: HTTP ${res.status}`);
	return ((await res.json()) as { code: string }).code;
}

/** Enrols a fresh browser context as a kiosk with a one-time enrolment code. */
export async function enrol(page: Page, baseURL: string, label = 'E2E kiosk'): Promise<void> {
	const code = await enrolCode(baseURL);
	await page.goto(baseURL + '/');
	await page.getByLabel('Kiosk name').fill(label);
	await page.getByLabel('Enrolment code').fill(code);
	await page.getByRole('button', { name: 'Enrol kiosk' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
}

export async function unlock(page: Page, who: keyof typeof PINS = 'staff'): Promise<void> {
	await page.getByRole('radio', { name: new RegExp(NAMES[who]) }).click();
	await page.getByLabel('PIN', { exact: true }).fill(PINS[who]);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page.getByTestId('actor')).toContainText(NAMES[who]);
}

/** Follows a main-navigation link, opening "More" first when the link lives there. */
export async function navTo(page: Page, name: string): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Main' });
	const link = nav.getByRole('link', { name, exact: true });
	if (!(await link.isVisible())) await nav.locator('summary', { hasText: 'More' }).click();
	await link.click();
}

/** Waits until the service worker controls the page (so reloads work offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
	await context.setOffline(offline);
}

/**
 * A Chromium profile on disk, like a kiosk tablet's browser: persistent (so installable) and it
 * survives close and relaunch ("reboot"). `dispose()` removes the profile folder.
 */
export class KioskProfile {
	readonly dir = mkdtempSync(join(tmpdir(), 'kilnboard-profile-'));
	private open = new Set<BrowserContext>();
	async launch(options: { offline?: boolean } = {}): Promise<BrowserContext> {
		const context = await chromium.launchPersistentContext(this.dir, {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS,
			serviceWorkers: 'allow',
			viewport: { width: 1280, height: 800 },
			...options
		});
		this.open.add(context);
		context.once('close', () => this.open.delete(context));
		return context;
	}
	/** Closes what a failed test left open (its browser would outlive it), then deletes the profile. */
	async dispose(): Promise<void> {
		for (const context of this.open) await context.close().catch(() => undefined);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** The parts of a server reservation the offline specs assert on. */
export interface ServerReservation {
	id: string;
	version: number;
	status: string;
	loadStatus: string;
	staffNotes: { text: string; byUid: string; source: string }[];
	stageHistory: {
		reason: string;
		toStatus: string;
		notes?: string | null;
		actorUid: string;
	}[];
}

/**
 * Looks at the server through its public sync API as its own enrolled device, so a test can
 * check what was applied without trusting any kiosk's view (and with no app page open).
 */
export class ServerProbe {
	private constructor(
		readonly baseURL: string,
		readonly deviceId: string,
		readonly token: string
	) {}

	static async enrol(baseURL: string, label = 'E2E probe'): Promise<ServerProbe> {
		const res = await fetch(`${baseURL}/api/devices/enrol`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ label, code: await enrolCode(baseURL) })
		});
		if (!res.ok) throw new Error(`probe enrolment failed: HTTP ${res.status}`);
		const body = (await res.json()) as { deviceId: string; token: string };
		return new ServerProbe(baseURL, body.deviceId, body.token);
	}

	/** Everything the server sends a new device (all pull pages from cursor 0). */
	async snapshot(): Promise<{
		reservations: Map<string, ServerReservation>;
		stations: unknown[];
		roster: unknown[];
	}> {
		const reservations = new Map<string, ServerReservation>();
		let cursor = 0;
		for (;;) {
			const res = await fetch(`${this.baseURL}/api/sync/pull?cursor=${cursor}`, {
				headers: { authorization: `Device ${this.token}` }
			});
			if (!res.ok) throw new Error(`pull failed: HTTP ${res.status}`);
			const body = (await res.json()) as {
				cursor: number;
				more: boolean;
				reservations: ServerReservation[];
				stations: unknown[];
				roster: unknown[];
			};
			for (const r of body.reservations) reservations.set(r.id, r);
			// Stations and roster come whole with every page.
			if (!body.more || body.cursor === cursor)
				return { reservations, stations: body.stations, roster: body.roster };
			cursor = body.cursor;
		}
	}

	async reservations(): Promise<Map<string, ServerReservation>> {
		return (await this.snapshot()).reservations;
	}

	async reservation(id: string): Promise<ServerReservation> {
		const r = (await this.reservations()).get(id);
		if (!r) throw new Error(`reservation ${id} is not on the server`);
		return r;
	}

	/** Kinds of the customer messages the server recorded for one reservation, oldest first. */
	async notificationKinds(id: string): Promise<string[]> {
		const kinds: string[] = [];
		for (let cursor = 0, page = 0; page < 100; page++) {
			const res = await fetch(`${this.baseURL}/api/sync/pull?cursor=${cursor}`, {
				headers: { authorization: `Device ${this.token}` }
			});
			if (!res.ok) throw new Error(`pull failed: HTTP ${res.status}`);
			const body = (await res.json()) as {
				cursor: number;
				more: boolean;
				notifications: { reservationId: string; kind: string; createdAt: string }[];
			};
			for (const n of body.notifications) if (n.reservationId === id) kinds.push(n.kind);
			if (!body.more || body.cursor === cursor) break;
			cursor = body.cursor;
		}
		return kinds;
	}

	/** Test-only fault switches (the server runs with KILNBOARD_TEST_HOOKS=1). */
	async faults(settings: { dropResponsesAfterCommit?: number }) {
		const res = await fetch(`${this.baseURL}/api/test/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(settings)
		});
		if (!res.ok) throw new Error(`faults route: HTTP ${res.status}`);
		return (await res.json()) as { dropResponsesAfterCommit: number };
	}
}

/** History rows on the server carrying exactly this note: one per applied action that wrote it. */
export const rowsWithNote = (r: ServerReservation, note: string) =>
	r.stageHistory.filter((h) => h.notes === note);

/** A second kiosk: its own browser context, so its own device, enrolment and IndexedDB. */
export async function openKiosk(
	browser: Browser,
	baseURL: string,
	label: string,
	who: keyof typeof PINS = 'staff'
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	const page = await context.newPage();
	await enrol(page, baseURL, label);
	await unlock(page, who);
	return { context, page };
}

export interface QueueRow {
	queueRevision: number;
	state: string;
	reservationId: string | null;
	type: string;
	attempts?: number;
	heldBy?: number;
	replaces?: number;
	result?: { code: string; message: string };
	payload: Record<string, unknown>;
}
export interface ArchivedRow extends QueueRow {
	resolution: string;
	resolvedBy: string;
	resolutionNote: string | null;
}

/** This kiosk's outbox and archive straight from IndexedDB (no app code involved). */
export async function readQueue(
	page: Page
): Promise<{ outbox: QueueRow[]; archive: ArchivedRow[] }> {
	return page.evaluate(
		() =>
			new Promise<{ outbox: QueueRow[]; archive: ArchivedRow[] }>((resolve, reject) => {
				const open = indexedDB.open('kilnboard');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['outbox', 'archive'], 'readonly');
					const outbox = tx.objectStore('outbox').getAll();
					const archive = tx.objectStore('archive').getAll();
					tx.oncomplete = () => {
						db.close();
						resolve({ outbox: outbox.result, archive: archive.result });
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

/** Client-side navigation to a card's page (a full load would lock the kiosk). */
export async function openCard(page: Page, id: string): Promise<void> {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await page.locator(`#title-${id}`).click();
	await expect(page).toHaveURL(new RegExp(`/r/${id}$`));
}

export async function gotoSync(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Sync & failures' }).click();
	await expect(page.getByRole('heading', { name: 'Sync and failed actions' })).toBeVisible();
}

/**
 * On a card page: queue a status change through the real form. A status change messages the
 * customer, so it is held for its undo window; unless `hold` is asked for, the spec presses the
 * undo line's "Send now" as staff would when the customer should be told at once.
 */
export async function changeStatus(
	page: Page,
	verb: 'Confirm' | 'Cancel',
	note: string,
	{ hold = false }: { hold?: boolean } = {}
): Promise<void> {
	await page.getByRole('button', { name: verb, exact: true }).click();
	await page.locator('#status-notes').fill(note);
	await page
		.getByRole('button', {
			name: verb === 'Confirm' ? 'Confirm reservation' : 'Yes, cancel this reservation'
		})
		.click();
	await expect(page.getByText(`${verb} queued.`)).toBeVisible();
	if (!hold) await sendNow(page, `${verb}:`);
}

/** Presses "Send now" on the newest undo line whose text holds `text`, ending its undo window. */
export async function sendNow(page: Page, text: string): Promise<void> {
	const entry = page.getByTestId('undo-entry').filter({ hasText: text }).last();
	await entry.getByRole('button', { name: /^Send now/ }).click();
	await expect(entry).toContainText('Sending now; undo is over.');
}

/** On a card page: queue a staff note through the real form. */
export async function saveNote(page: Page, note: string): Promise<void> {
	await page.locator('#staff-note').fill(note);
	await page.getByRole('button', { name: 'Save note' }).click();
	await expect(page.getByText('Note queued.')).toBeVisible();
}

/** Revision numbers shown in a list of rows ("#12 …"), in display order. */
export async function revisionsIn(rows: ReturnType<Page['getByTestId']>): Promise<number[]> {
	return (await rows.allTextContents()).map((t) => Number(/#(\d+)/.exec(t)?.[1] ?? NaN));
}

/**
 * Fires a Background Sync event at the app's worker through CDP, from an about:blank page's
 * session (a browser-level session cannot). Needs no page of the app open.
 */
export async function dispatchSyncViaCdp(
	context: BrowserContext,
	origin: string,
	tag = 'kilnboard-drain'
): Promise<void> {
	const blank = await context.newPage();
	try {
		const cdp = await context.newCDPSession(blank);
		const scope = origin + '/';
		const registrationId = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('no worker registration seen')), 10_000);
			cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
				const reg = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
				if (reg) {
					clearTimeout(timer);
					resolve(reg.registrationId);
				}
			});
			void cdp.send('ServiceWorker.enable');
		});
		await cdp.send('ServiceWorker.dispatchSyncEvent', {
			origin,
			registrationId,
			tag,
			lastChance: false
		});
		await cdp.detach();
	} finally {
		await blank.close();
	}
}

type WorkerFixtures = { server: TestServer };
type Fixtures = {
	baseURL: string;
	kioskPage: Page;
	/** A server of this test alone, for tests that kill and restart it. */
	ownServer: TestServer;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = new TestServer(freePort());
			await server.start();
			await use(server);
			await server.dispose();
		},
		{ scope: 'worker', timeout: 90_000 }
	],
	baseURL: async ({ server }, use) => {
		await use(server.url);
	},
	// eslint-disable-next-line no-empty-pattern
	ownServer: async ({}, use) => {
		const server = new TestServer(freePort());
		await server.start();
		await use(server);
		await server.dispose();
	},
	/** A page on an enrolled kiosk, unlocked by the staff member (PIN 1111). */
	kioskPage: async ({ page, baseURL }, use) => {
		await enrol(page, baseURL);
		await unlock(page, 'staff');
		await use(page);
	}
});

export { expect };
