import type { KilnDb, DiagnosticLine } from './db';
import type { Logger } from './drainer';

export const DIAGNOSTICS_KEEP = 300;

/** A logger that keeps the last few hundred lines in IndexedDB for the diagnostics view. */
export function ringLogger(db: KilnDb, now: () => number, echo?: Logger): Logger {
	let writes = 0;
	return (level, msg, data) => {
		echo?.(level, msg, data);
		if (level === 'debug') return;
		const line: DiagnosticLine = {
			at: new Date(now()).toISOString(),
			level,
			msg,
			...(data ? { data } : {})
		};
		void db.diagnostics
			.add(line)
			.then(async () => {
				// Trim now and then, not on every line.
				if (++writes % 50 !== 0) return;
				const count = await db.diagnostics.count();
				if (count > DIAGNOSTICS_KEEP)
					await db.diagnostics
						.orderBy('seq')
						.limit(count - DIAGNOSTICS_KEEP)
						.delete();
			})
			.catch(() => undefined);
	};
}

export async function recentDiagnostics(db: KilnDb, limit = 50): Promise<DiagnosticLine[]> {
	return db.diagnostics.orderBy('seq').reverse().limit(limit).toArray();
}
