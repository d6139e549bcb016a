import type { z } from 'zod';
import { UNSTORABLE } from '../domain/text';
import type { ErrorBody } from '../sync/contract';

/** A framework-free HTTP answer; `+server.ts` routes turn it into a Response. */
export interface Reply {
	status: number;
	/** null = no body at all (used to simulate a dropped response). */
	body: unknown;
	headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

export function errorReply(
	status: number,
	code: string,
	message: string,
	issues?: ErrorBody['error']['issues'],
	headers?: Record<string, string>
): Reply {
	const error: ErrorBody['error'] = issues ? { code, message, issues } : { code, message };
	return { status, body: { error }, headers };
}

export function invalidReply(error: z.ZodError, message = 'The request is not valid.'): Reply {
	const issues = error.issues.slice(0, 50).map((i) => ({
		path: i.path.map((k) => (typeof k === 'number' ? k : String(k))),
		message: i.message
	}));
	return errorReply(400, 'invalid', message, issues);
}

export const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** Parses a JSON body already bounded in size; bad JSON is data, not an exception. */
export function parseJson(
	text: string,
	maxBytes: number
): { ok: true; value: unknown } | { ok: false; reply: Reply } {
	if (byteLength(text) > maxBytes) {
		return { ok: false, reply: errorReply(413, 'too_large', `Body exceeds ${maxBytes} bytes.`) };
	}
	let unstorable = false;
	let value: unknown;
	try {
		value = JSON.parse(text, (key, v) => {
			if (UNSTORABLE.test(key) || (typeof v === 'string' && UNSTORABLE.test(v))) unstorable = true;
			return v;
		});
	} catch {
		return { ok: false, reply: errorReply(400, 'bad_json', 'The body is not valid JSON.') };
	}
	if (unstorable) {
		const msg = 'Text may not contain NUL characters or broken Unicode (unpaired surrogates).';
		return { ok: false, reply: errorReply(400, 'invalid_text', msg) };
	}
	return { ok: true, value };
}

/** Reads at most `maxBytes` of a request body; null when it is larger (the rest is not read). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) return null;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => {});
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Turns a Reply into a fetch Response (JSON, or empty when body is null). */
export function toResponse(reply: Reply): Response {
	const headers = new Headers(reply.headers);
	if (reply.body === null) return new Response(null, { status: reply.status, headers });
	headers.set('content-type', 'application/json');
	headers.set('cache-control', 'no-store');
	return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}
