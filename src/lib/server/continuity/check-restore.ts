import { shortReference } from '../../domain/reference';
import {
	buildDatasets,
	DATASET_COLUMNS,
	DATASET_KEYS,
	rowKey,
	summarize,
	verifyBundle,
	type ContinuityBundle,
	type DatasetName,
	type Row
} from '../../domain/export';
import type { Store } from '../store/types';
import { inSnapshot } from './snapshot';
import { loadOwnerSource } from './source';

export interface Drift {
	reservationId: string | null;
	dataset: DatasetName | 'summary' | 'bundle';
	field: string | null;
	message: string;
}

export interface CheckLine {
	name: string;
	ok: boolean;
	detail: string;
	drifts: Drift[];
}

const show = (v: unknown) => (v === null || v === undefined ? 'empty' : JSON.stringify(v));

/** Rows of one dataset compared by key: missing, extra, and every differing column. */
export function diffRows(
	d: DatasetName,
	expected: readonly Row[],
	actual: readonly Row[]
): Drift[] {
	const keyOf = (r: Row) => DATASET_KEYS[d].map((k) => String(r[k])).join('\u0000');
	const got = new Map(actual.map((r) => [keyOf(r), r]));
	const want = new Map(expected.map((r) => [keyOf(r), r]));
	const drifts: Drift[] = [];
	const rid = (r: Row) => (r.reservationId === undefined ? null : String(r.reservationId));
	// People read the short reference; the id follows for the machine-minded.
	const named = (id: string | null) => (id === null ? '?' : `${shortReference(id)} (${id})`);
	for (const [k, e] of want) {
		const a = got.get(k);
		const who = `reservation ${named(rid(e))}: ${d} ${rowKey(d, e)}`;
		if (!a) {
			drifts.push({
				reservationId: rid(e),
				dataset: d,
				field: null,
				message: `${who} is missing from the store`
			});
			continue;
		}
		for (const c of DATASET_COLUMNS[d])
			if (show(e[c]) !== show(a[c]))
				drifts.push({
					reservationId: rid(e),
					dataset: d,
					field: c,
					message: `${who} field ${c} is ${show(a[c])} in the store, ${show(e[c])} in the bundle`
				});
	}
	for (const [k, a] of got)
		if (!want.has(k))
			drifts.push({
				reservationId: rid(a),
				dataset: d,
				field: null,
				message: `reservation ${named(rid(a))}: ${d} ${rowKey(d, a)} is in the store but not in the bundle`
			});
	return drifts;
}

const line = (name: string, drifts: Drift[], okDetail: string): CheckLine => ({
	name,
	ok: drifts.length === 0,
	detail: drifts.length ? `${drifts.length} drift(s)` : okDetail,
	drifts
});

/**
 * The playbook's restore checklist for one owner: the store named by the environment against a
 * continuity bundle. Stage history is read from its own table, so a lost history row shows.
 */
export async function checkRestore(
	store: Store,
	input: unknown
): Promise<{ ok: boolean; lines: CheckLine[] }> {
	const verified = await verifyBundle(input);
	const bundleLine = line(
		'Bundle signature verifies',
		verified.ok
			? []
			: verified.differences.length
				? verified.differences.map((d) => ({
						reservationId: null,
						dataset: 'bundle' as const,
						field: d.column,
						message: d.message
					}))
				: [
						{
							reservationId: null,
							dataset: 'bundle' as const,
							field: null,
							message: `bundle refused: ${verified.code}`
						}
					],
		verified.ok ? verified.signature : ''
	);
	if (!verified.ok && (verified.code === 'malformed' || verified.code === 'unsupported_schema'))
		return { ok: false, lines: [bundleLine] };
	const bundle = input as ContinuityBundle;
	const want = bundle.jsonBundle;
	const source = await inSnapshot(store, (q) =>
		loadOwnerSource(q, bundle.exportHeader.ownerUid, { historyFromTable: true })
	);
	const got = buildDatasets(source);
	const summary = summarize(got);
	const s = bundle.summary;

	const counts: Drift[] = [];
	if (summary.reservations !== s.reservations)
		counts.push({
			reservationId: null,
			dataset: 'summary',
			field: 'reservations',
			message: `store has ${summary.reservations} reservations, summary says ${s.reservations}`
		});
	if (summary.latestUpdatedAt !== s.latestUpdatedAt)
		counts.push({
			reservationId: null,
			dataset: 'summary',
			field: 'latestUpdatedAt',
			message: `latest updatedAt in the store is ${show(summary.latestUpdatedAt)}, summary says ${show(s.latestUpdatedAt)}`
		});
	const countsOf = (names: DatasetName[]) =>
		names.flatMap((d): Drift[] =>
			summary[d] === s[d]
				? []
				: [
						{
							reservationId: null,
							dataset: 'summary',
							field: d,
							message: `store has ${summary[d]} ${d} rows, summary says ${s[d]}`
						}
					]
		);

	const lines = [
		bundleLine,
		line(
			'Reservation counts and latest updatedAt match the summary',
			counts,
			`${summary.reservations} reservations, latest updatedAt ${show(summary.latestUpdatedAt)}`
		),
		line(
			'Reservation records and pieces match',
			[
				...diffRows('reservations', want.reservations, got.reservations),
				...countsOf(['pieces']),
				...diffRows('pieces', want.pieces, got.pieces)
			],
			`${got.reservations.length} records, ${got.pieces.length} pieces`
		),
		line(
			'Stage-history tail of each reservation',
			[
				...countsOf(['stageHistory']),
				...diffRows('stageHistory', want.stageHistory, got.stageHistory)
			],
			`${got.stageHistory.length} history rows`
		),
		line(
			'Storage notice history',
			[
				...countsOf(['storageActions', 'storageAudit']),
				...diffRows('storageActions', want.storageActions, got.storageActions),
				...diffRows('storageAudit', want.storageAudit, got.storageAudit)
			],
			`${got.storageActions.length} notices, ${got.storageAudit.length} audit rows`
		),
		line(
			'Fairness evidence parity',
			[
				...countsOf(['queueFairnessAudit']),
				...diffRows('queueFairnessAudit', want.queueFairnessAudit, got.queueFairnessAudit)
			],
			`${got.queueFairnessAudit.length} evidence rows`
		),
		line(
			'Customer notification timeline',
			[
				...countsOf(['notifications']),
				...diffRows('notifications', want.notifications, got.notifications)
			],
			`${got.notifications.length} notifications`
		)
	];
	return { ok: lines.every((l) => l.ok), lines };
}

/** `PASS name — detail` / `FAIL name — detail` plus one indented line per drift. */
export function formatCheck(lines: readonly CheckLine[]): string {
	return lines
		.flatMap((l) => [
			`${l.ok ? 'PASS' : 'FAIL'} ${l.name} — ${l.detail}`,
			...l.drifts.map((d) => `     ${d.message}`)
		])
		.join('\n');
}
