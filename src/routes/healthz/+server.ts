import { json } from '@sveltejs/kit';
import { getServer } from '$lib/server/server';

export const GET = async () => {
	try {
		const { store } = await getServer();
		await store.query('SELECT 1');
		return json({ ok: true, store: store.kind });
	} catch {
		return json(
			{ ok: false, error: { code: 'store_unavailable', message: 'Store is not ready.' } },
			{ status: 503 }
		);
	}
};
