import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { BoardCard } from '../client/view';
import { estimateWindow } from '../domain/queue';
import type { Reservation } from '../domain/reservation';
import { DEMO_STATIONS } from '../domain/stations';
import { intake, T0 } from '../../testing/domain/fixtures';
import Attention from './Attention.svelte';

const card = (r: Reservation): BoardCard => ({
	reservation: r,
	server: r,
	pending: 0,
	held: 0,
	failed: 0,
	waitingOn: []
});

describe('Attention (escalations list)', () => {
	it('shows ETA slips against what the customer was told, in words', () => {
		const base = {
			...intake('res-slip', { customerName: 'Noor Clay', assignedStationId: 'studio-kiln-a' }),
			status: 'CONFIRMED' as const
		};
		const told = { ...base, queuePositionHint: 1, estimatedWindow: estimateWindow(1, null, T0) };
		const slipped = {
			...told,
			queuePositionHint: 5,
			estimatedWindow: estimateWindow(5, told.estimatedWindow, T0)
		};
		const { body } = render(Attention, {
			props: { board: [card(slipped)], stations: DEMO_STATIONS }
		});
		expect(body).toContain('Reservations to escalate');
		expect(body).toContain('Noor Clay');
		expect(body).toContain('ETA moved later by more than one band');
		const calm = render(Attention, { props: { board: [card(told)], stations: DEMO_STATIONS } });
		expect(calm.body).not.toContain('Reservations to escalate');
	});
});
