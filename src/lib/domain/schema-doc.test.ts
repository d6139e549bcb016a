import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FairnessEvidence, StorageAuditRow } from './effects';
import {
	Piece,
	RESERVATION_FIELDS,
	StaffNote,
	StageHistoryEntry,
	StorageNotice
} from './reservation';

const doc = readFileSync(
	fileURLToPath(new URL('../../../docs/SCHEMA_RESERVATIONS.md', import.meta.url)),
	'utf8'
);

/** Field names documented as a table row: | `name` | type | meaning | */
const documented = new Set([...doc.matchAll(/^\|\s*`([A-Za-z0-9_]+)`\s*\|/gm)].map((m) => m[1]));

const missing = (fields: readonly string[]) => fields.filter((f) => !documented.has(f));

describe('docs/SCHEMA_RESERVATIONS.md', () => {
	it('documents every reservation field', () => {
		expect(missing(RESERVATION_FIELDS), 'undocumented Reservation fields').toEqual([]);
	});
	it('documents every stageHistory entry field', () => {
		expect(
			missing(Object.keys(StageHistoryEntry.shape)),
			'undocumented StageHistoryEntry fields'
		).toEqual([]);
	});
	it('documents pieces, storage notices, storage audit and fairness evidence fields', () => {
		for (const [name, schema] of Object.entries({
			Piece,
			StaffNote,
			StorageNotice,
			StorageAuditRow,
			FairnessEvidence
		}))
			expect(missing(Object.keys(schema.shape)), `undocumented ${name} fields`).toEqual([]);
	});
});
