/**
 * The kiosk's build of the shared schemas. The domain and the wire contract are written once,
 * with zod's chained (classic) API; the server parses with classic zod. The browser build
 * resolves `zod` to this module instead (vite.config.ts, client build only), which offers the
 * same chained calls on top of `zod/mini`, whose checks tree-shake: classic zod installs every
 * method on every schema, so none of it can be dropped. `zod-lite.test.ts` loads the schema
 * modules under both builds and fails when they parse anything differently.
 *
 * Only the calls the schema modules use are here; a schema module that calls anything else
 * fails that test when it loads (`x.foo is not a function`).
 */
import * as m from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Classic zod installs the English messages on first use; the kiosk shows them the same way.
m.config(en());

type Mini = m.ZodMiniType;
/** A check's message, as the shared schemas pass it (each mini check types its own). */
type Params = never;
type Fluent = Mini & Record<string, unknown>;

const kindOf = (s: Mini) => (s._zod.def as { type: string }).type;

/** A mini schema with the classic methods the shared schemas call, each returning a fluent one. */
function fluent(schema: Mini): Fluent {
	const s = schema as Fluent;
	const next = (check: m.core.$ZodCheck<never>) =>
		fluent(schema.check(check as m.core.$ZodCheck<unknown>));
	const sized = kindOf(schema) === 'string' || kindOf(schema) === 'array';
	Object.assign(s, {
		optional: () => fluent(m.optional(schema)),
		nullable: () => fluent(m.nullable(schema)),
		nullish: () => fluent(m.nullish(schema)),
		default: (value: unknown) => fluent(m._default(schema, value as never)),
		pipe: (target: Mini) => fluent(m.pipe(schema, target)),
		transform: (fn: (v: unknown) => unknown) => fluent(m.pipe(schema, m.transform(fn))),
		refine: (fn: (v: unknown) => boolean, params?: Params) => next(m.refine(fn, params)),
		array: () => fluent(m.array(schema)),
		min: (n: number, params?: Params) => next(sized ? m.minLength(n, params) : m.gte(n, params)),
		max: (n: number, params?: Params) => next(sized ? m.maxLength(n, params) : m.lte(n, params)),
		length: (n: number, params?: Params) => next(m.length(n, params)),
		int: (params?: Params) => next(m.int(params) as unknown as m.core.$ZodCheck),
		// Not used yet, common enough that another module may soon (zod-lite.test.ts covers it then).
		nonempty: (params?: Params) => next(m.minLength(1, params)),
		positive: (params?: Params) => next(m.gt(0, params)),
		nonnegative: (params?: Params) => next(m.gte(0, params)),
		gt: (n: number, params?: Params) => next(m.gt(n, params)),
		lt: (n: number, params?: Params) => next(m.lt(n, params)),
		startsWith: (prefix: string, params?: Params) => next(m.startsWith(prefix, params)),
		catch: (value: unknown) => fluent(m.catch(schema, value as never)),
		trim: () => next(m.trim()),
		toLowerCase: () => next(m.toLowerCase()),
		regex: (re: RegExp, params?: Params) => next(m.regex(re, params)),
		email: (params?: Params) => next(m.email(params) as unknown as m.core.$ZodCheck),
		partial: () => fluent(m.partial(schema as m.ZodMiniObject)),
		extend: (shape: m.core.$ZodLooseShape) => fluent(m.extend(schema as m.ZodMiniObject, shape))
	});
	const def = schema._zod.def as { type: string; values?: unknown[]; options?: unknown[] };
	// Read by the shared modules: a literal's value, a union's options (enums have them already).
	if (def.type === 'literal' && def.values?.length === 1) s.value = def.values[0];
	if (def.type === 'union') s.options = def.options;
	return s;
}

/** Wraps a mini factory so that what it builds is fluent. */
const lift =
	<A extends unknown[]>(make: (...args: A) => Mini) =>
	(...args: A) =>
		fluent(make(...args));

export const z = {
	string: lift(m.string),
	number: lift(m.number),
	boolean: lift(m.boolean),
	unknown: lift(m.unknown),
	null: lift(m.null),
	literal: lift(m.literal),
	enum: lift(m.enum as (values: readonly string[]) => Mini),
	array: lift(m.array),
	object: lift(m.object),
	union: lift(m.union),
	discriminatedUnion: lift(m.discriminatedUnion as (d: string, o: readonly Mini[]) => Mini),
	intersection: lift(m.intersection),
	record: lift(m.record as (k: Mini, v: Mini) => Mini),
	partialRecord: lift(m.partialRecord as (k: Mini, v: Mini) => Mini),
	email: lift(m.email),
	iso: { datetime: lift(m.iso.datetime) },
	coerce: { number: lift(m.coerce.number) }
};
