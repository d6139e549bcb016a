/**
 * The request page posts an HTML form (it works with scripts off). These helpers turn its
 * fields into the JSON body `POST /api/public/requests` takes, so both go through the same
 * `handlePublicRequest` and its schema; nothing here validates beyond shaping the fields.
 */

/** What the page shows back in the form after a refusal (never the raw body). */
export interface RequestFormValues {
	customerName: string;
	email: string;
	phone: string;
	firingType: string;
	halfShelves: string;
	rush: boolean;
	pieceLabel: string;
	pieceCount: string;
	notes: string;
}

const text = (form: URLSearchParams, name: string) => form.get(name) ?? '';

export function formValues(form: URLSearchParams): RequestFormValues {
	return {
		customerName: text(form, 'customerName'),
		email: text(form, 'email'),
		phone: text(form, 'phone'),
		firingType: text(form, 'firingType'),
		halfShelves: text(form, 'halfShelves'),
		rush: form.has('rush'),
		pieceLabel: text(form, 'pieceLabel'),
		pieceCount: text(form, 'pieceCount'),
		notes: text(form, 'notes')
	};
}

// A blank or non-numeric field becomes null (JSON has no NaN), which the schema refuses by name.
const whole = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/** The JSON body of the public request endpoint for these form values. */
export function requestBody(v: RequestFormValues): string {
	const label = v.pieceLabel.trim();
	return JSON.stringify({
		customerName: v.customerName,
		email: v.email.trim(),
		phone: v.phone.trim() || null,
		firingType: v.firingType,
		estimatedHalfShelves: whole(v.halfShelves),
		rushRequested: v.rush,
		pieces: label ? [{ pieceLabel: label, pieceCount: whole(v.pieceCount) }] : [],
		notes: v.notes.trim() || null
	});
}

/** Field names of the JSON body → the form's labels, for the list of what to fix. */
const LABELS: Record<string, string> = {
	customerName: 'Your name',
	email: 'Email',
	phone: 'Phone',
	firingType: 'Firing type',
	estimatedHalfShelves: 'Size in half-shelves',
	pieces: 'What are you bringing?',
	pieceLabel: 'What are you bringing?',
	pieceCount: 'How many pieces?',
	notes: 'Anything we should know?'
};

// A blank or non-numeric number field reaches the schema as null: say what to type instead.
const NOT_A_NUMBER = /expected number/;

/** One line per refused field ("Email: Invalid email address"), from the endpoint's issues. */
export function issueLines(issues: { path: (string | number)[]; message: string }[]): string[] {
	return issues.map((i) => {
		const key = [...i.path].reverse().find((k) => typeof k === 'string' && k in LABELS);
		const message = NOT_A_NUMBER.test(i.message) ? 'Please enter a whole number.' : i.message;
		return key ? `${LABELS[key as string]}: ${message}` : message;
	});
}
