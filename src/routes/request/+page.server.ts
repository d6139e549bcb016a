import { fail } from '@sveltejs/kit';
import { requestAddress } from '$lib/server/client-ip';
import { readBodyText } from '$lib/server/http';
import { PUBLIC_MAX_BYTES, handlePublicRequest } from '$lib/server/public-request';
import { getServer } from '$lib/server/server';
import { PublicRequestResponse } from '$lib/sync/public-request';
import type { ErrorBody } from '$lib/sync/contract';
import { formValues, issueLines, requestBody } from './form';
import type { Actions, PageServerLoad } from './$types';

const EMPTY = formValues(new URLSearchParams());

// Under `no-referrer` (every other page) a browser sends a form post's Origin as "null", which
// SvelteKit's CSRF check refuses; `same-origin` sends the real origin to this server only and no
// referrer to any other site (this page's URL holds nothing private).
export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'referrer-policy': 'same-origin' });
};

// SvelteKit refuses a form POST whose Origin is not this server's (its CSRF check, kept on):
// behind a TLS proxy the server must know its public origin (ORIGIN, docs/DEPLOYMENT.md).
export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const ip = requestAddress(request, getClientAddress());
		const raw = await readBodyText(request, PUBLIC_MAX_BYTES);
		const values = raw === null ? EMPTY : formValues(new URLSearchParams(raw));
		// An oversized body reaches the handler as null (its 413, counted like any attempt).
		const reply = await handlePublicRequest(
			await getServer(),
			raw === null ? null : requestBody(values),
			ip
		);
		if (reply.status >= 200 && reply.status < 300) {
			return { done: PublicRequestResponse.parse(reply.body) };
		}
		const { error } = reply.body as ErrorBody;
		return fail(reply.status, {
			values,
			error: error.message,
			issues: issueLines(error.issues ?? [])
		});
	}
};
