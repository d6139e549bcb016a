import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
	ServerProbe,
	changeStatus,
	enrol,
	expect,
	openCard,
	test,
	unlock,
	waitForServiceWorker,
	type ServerReservation
} from './fixtures';
import { TestServer, freePort } from './server';

/*
 * Issue 13's "Done means" for email: the built app sends its customer messages through SMTP to a
 * real mail server running inside this test process; a firing of three customers' work is
 * loaded, fired and unloaded with one tap each, and each customer gets exactly one email for the
 * step that messages (unload: "ready for pickup"), none for the others, none twice.
 */

interface Arrived {
	to: string[];
	mail: ParsedMail;
}

/** An SMTP server on a free loopback port that parses and keeps every message it accepts. */
async function startMailbox() {
	const arrived: Arrived[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, done) {
			simpleParser(stream)
				.then((mail) => {
					arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
					done();
				})
				.catch(done);
		}
	});
	await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
	const port = (server.server.address() as AddressInfo).port;
	return {
		arrived,
		url: `smtp://127.0.0.1:${port}`,
		to: (email: string) => arrived.filter((a) => a.to.includes(email)),
		close: () => new Promise<void>((ok) => server.close(() => ok()))
	};
}
type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

const mailTest = test.extend<{ mailbox: Mailbox; studio: TestServer }>({
	// eslint-disable-next-line no-empty-pattern
	mailbox: async ({}, use) => {
		const box = await startMailbox();
		await use(box);
		await box.close();
	},
	studio: async ({ mailbox }, use) => {
		const port = freePort();
		const server = new TestServer(port, {
			env: {
				SMTP_URL: mailbox.url,
				SMTP_FROM: 'Kilnboard Studio <studio@kilnboard.test>',
				SMTP_TIMEOUT_MS: '5000',
				NOTIFY_INTERVAL_MS: '1000',
				PUBLIC_ORIGIN: `http://127.0.0.1:${port}`
			}
		});
		await server.start();
		await use(server);
		await server.dispose();
	}
});

const READY = 'Your work is ready for pickup';

interface Customer {
	email: string;
	id: string;
	reference: string;
}

/** Three customers ask for a firing on the public form (the only place an email is given). */
async function threeRequests(baseURL: string, tag: string): Promise<Customer[]> {
	const out: Customer[] = [];
	for (const name of ['Ana', 'Ben', 'Cleo']) {
		const email = `${name.toLowerCase()}.${tag}@example.test`;
		const res = await fetch(`${baseURL}/api/public/requests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				customerName: `${name} Mail`,
				email,
				firingType: 'glaze',
				estimatedHalfShelves: 1
			})
		});
		expect(res.status).toBe(201);
		const body = (await res.json()) as { reservationId: string; reference: string };
		out.push({ email, id: body.reservationId, reference: body.reference });
	}
	return out;
}

const KILNS = ['studio-kiln-a', 'studio-kiln-b', 'studio-electric', 'reduction-raku'];

async function freeOn(page: Page, kiln: string): Promise<number> {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	const line = page.getByTestId(`capacity-${kiln}`);
	await expect(line).toBeVisible();
	const [used, cap] = ((await line.textContent()) ?? '').match(/\d+/g)!.map(Number);
	return cap - used;
}

/**
 * The demo studio's kilns are nearly full: staff cancel demo work on the emptiest kiln until
 * three more half-shelves fit (the demo customers have no email, so nothing reaches the mailbox).
 */
async function kilnWithRoom(page: Page, probe: ServerProbe): Promise<string> {
	const cards = [...(await probe.reservations()).values()] as (ServerReservation & {
		assignedStationId: string | null;
	})[];
	for (const kiln of KILNS) {
		const movable = cards.filter(
			(r) =>
				r.assignedStationId === kiln &&
				['REQUESTED', 'WAITLISTED', 'CONFIRMED'].includes(r.status) &&
				r.loadStatus === 'queued'
		);
		while ((await freeOn(page, kiln)) < 3) {
			const r = movable.shift();
			if (!r) break;
			await openCard(page, r.id);
			await changeStatus(page, 'Cancel', 'Making room on the kiln.');
			await expect(page.getByTestId('sync-status')).toHaveText('synced');
		}
		if ((await freeOn(page, kiln)) >= 3) return kiln;
	}
	throw new Error('no kiln could be given room for three half-shelves');
}

/** Staff confirm each request and put it on the kiln, through the card page. */
async function confirmOnto(page: Page, customers: Customer[], kiln: string): Promise<void> {
	for (const c of customers) {
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		await expect(page.locator(`#title-${c.id}`)).toBeVisible({ timeout: 30_000 });
		await openCard(page, c.id);
		await changeStatus(page, 'Confirm', 'Emailed request, accepted.');
		await page.getByLabel('Station', { exact: true }).selectOption(kiln);
		await page.getByRole('button', { name: 'Assign station' }).click();
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
	}
}

/** Plans a firing of exactly these three cards on the kiln; returns its id. */
async function planFiring(page: Page, customers: Customer[], kiln: string): Promise<string> {
	await page.getByRole('link', { name: 'Firings' }).click();
	await page.getByLabel('Kiln', { exact: true }).selectOption(kiln);
	await page.getByLabel('Target cone').fill('6');
	for (const c of customers)
		await page
			.locator('label.pick')
			.filter({ hasText: `(${c.id})` })
			.locator('input')
			.check();
	await page.getByRole('button', { name: 'Plan firing' }).click();
	await expect(page.getByTestId('firing-state')).toHaveText('Planned');
	return /\/firings\/([^/]+)$/.exec(page.url())![1];
}

async function tapStep(page: Page, step: string, state: string) {
	await page.getByRole('button', { name: new RegExp(`^${step} \\(3 reservations\\)`) }).click();
	await expect(page.getByTestId('step-message')).toHaveText(`${step}: queued.`);
	await expect(page.getByTestId('firing-state')).toHaveText(state);
}

/** Each customer's request and confirmation messages have arrived (the mail before the firing). */
async function earlierMailArrived(box: Mailbox, customers: Customer[]): Promise<number[]> {
	for (const c of customers)
		await expect
			.poll(() => box.to(c.email).map((a) => a.mail.subject), { timeout: 30_000 })
			.toEqual(
				expect.arrayContaining([
					`Your firing request is in the queue (${c.reference})`,
					`Your firing is confirmed (${c.reference})`
				])
			);
	return customers.map((c) => box.to(c.email).length);
}

/** One "ready for pickup" email per customer, as the issue asks, and nothing else since `before`. */
async function expectOneReadyEach(box: Mailbox, customers: Customer[], before: number[]) {
	for (const c of customers)
		await expect
			.poll(() => box.to(c.email).filter((a) => a.mail.subject?.startsWith(READY)).length, {
				timeout: 30_000
			})
			.toBe(1);
	// A few more delivery rounds (1 s apart on this server) must not bring a second copy.
	await new Promise((r) => setTimeout(r, 4_000));
	for (const [i, c] of customers.entries()) {
		const mine = box.to(c.email);
		expect(mine.slice(before[i]).map((a) => a.mail.subject)).toEqual([`${READY} (${c.reference})`]);
		const ready = mine.at(-1)!.mail;
		expect(ready.from?.text).toContain('studio@kilnboard.test');
		expect(ready.text).toContain(`Reference: ${c.reference}`);
		expect(ready.html || '').toContain(`<strong>${c.reference}</strong>`);
		expect(ready.text).toContain('Your fired work is ready.');
		expect(ready.html || '').toContain('<p>Your fired work is ready.');
	}
}

/**
 * The status link came in the customer's first email (text and HTML, the same URL), and that
 * link now shows the work ready for pickup.
 */
async function expectStatusLink(box: Mailbox, baseURL: string, c: Customer) {
	const first = box.to(c.email)[0].mail;
	const inText = /See where your work is at any time: (\S+\/status\/([A-Za-z0-9_-]{43}))/.exec(
		first.text ?? ''
	);
	expect(inText, 'status link in the text part').not.toBeNull();
	expect(first.html || '').toContain(`href="${inText![1]}"`);
	expect(inText![1].startsWith(baseURL)).toBe(true);
	const res = await fetch(`${baseURL}/api/public/status/${inText![2]}`);
	expect(res.status).toBe(200);
	expect(((await res.json()) as { title: string }).title).toBe(READY);
}

async function offline(context: BrowserContext, page: Page, on: boolean) {
	await context.setOffline(on);
	if (!on) await expect(page.getByTestId('sync-status')).toHaveText('synced', { timeout: 30_000 });
}

mailTest(
	'online: one tap per step; each customer gets one email for the step that messages, seen by a real SMTP server',
	async ({ page, studio, mailbox }) => {
		test.setTimeout(180_000);
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const customers = await threeRequests(studio.url, 'online');
		const kiln = await kilnWithRoom(page, await ServerProbe.enrol(studio.url));
		await confirmOnto(page, customers, kiln);
		await planFiring(page, customers, kiln);
		const before = await earlierMailArrived(mailbox, customers);

		await tapStep(page, 'Start loading', 'Loading');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		await tapStep(page, 'Start firing', 'Firing');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		await tapStep(page, 'Unload', 'Unloaded');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');

		await expectOneReadyEach(mailbox, customers, before);
		for (const c of customers) await expectStatusLink(mailbox, studio.url, c);
	}
);

mailTest(
	'offline: the three taps queue on the kiosk; once back online each customer still gets exactly one email',
	async ({ page, context, studio, mailbox }) => {
		test.setTimeout(180_000);
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const customers = await threeRequests(studio.url, 'offline');
		const kiln = await kilnWithRoom(page, await ServerProbe.enrol(studio.url));
		await confirmOnto(page, customers, kiln);
		await planFiring(page, customers, kiln);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const before = await earlierMailArrived(mailbox, customers);

		await offline(context, page, true);
		await tapStep(page, 'Start loading', 'Loading');
		await tapStep(page, 'Start firing', 'Firing');
		await tapStep(page, 'Unload', 'Unloaded');
		// Nothing reached the server, so nothing was sent.
		await new Promise((r) => setTimeout(r, 2_000));
		expect(customers.map((c) => box(mailbox, c))).toEqual(before);
		await offline(context, page, false);

		await expectOneReadyEach(mailbox, customers, before);
	}
);

const box = (m: Mailbox, c: Customer) => m.to(c.email).length;
