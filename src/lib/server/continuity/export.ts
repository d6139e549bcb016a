import { buildBundle, type ContinuityBundle } from '../../domain/export';
import type { Store } from '../store/types';
import { inSnapshot } from './snapshot';
import { loadOwnerSource } from './source';

/** The server's bundle for one owner, read from one snapshot of the store. */
export async function exportOwner(
	store: Store,
	ownerUid: string,
	now: string,
	requestId: string | null = null
): Promise<ContinuityBundle> {
	const source = await inSnapshot(store, (q) => loadOwnerSource(q, ownerUid));
	return buildBundle(source, { now, builtBy: 'server', requestId });
}
