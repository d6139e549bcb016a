import { fileNames, zipBundle } from '$lib/domain/export';
import { ACTOR_HEADER, SESSION_HEADER, handleExport } from '$lib/server/continuity/handler';
import { toResponse, ok } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, url }) => {
	const out = await handleExport(await getServer(), {
		authHeader: request.headers.get('authorization'),
		actorUid: request.headers.get(ACTOR_HEADER),
		session: request.headers.get(SESSION_HEADER),
		url
	});
	if (!out.ok) return toResponse(out.reply);
	const h = out.bundle.exportHeader;
	const headers = { 'x-artifact-id': h.artifactId, 'x-export-signature': h.signature };
	if (out.format === 'json') return toResponse(ok(out.bundle, 200, headers));
	return new Response(zipBundle(out.bundle), {
		headers: {
			...headers,
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${fileNames.zip(h.artifactId)}"`,
			'cache-control': 'no-store'
		}
	});
};
