// Import boundaries (docs/ARCHITECTURE.md): domain ← sync ← client | server ← routes / ui.
// Each block forbids what its folder must not reach; colocated *.test.ts files are exempt.
// Relative paths are matched by folder name, `$lib/...` by alias.

const TESTS = ['**/*.test.ts'];

/** `no-restricted-imports` with regex patterns; `message` says which boundary. */
function forbid(...patterns) {
	return ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }];
}

const testing = [
	String.raw`(^|/)testing(/|$)`,
	'Runtime code never imports src/testing (test support, fixtures, nemesis, bench).'
];
const framework = [
	String.raw`^(\$app/|svelte($|/))|\.svelte$|(^|/)register-sw$`,
	'Framework-free client code (shared with the service worker) never imports $app/*, svelte or Svelte state modules.'
];
const serverCode = [
	String.raw`(^|/)server(/|$)|^\$lib/server`,
	'Browser code never imports server code.'
];

/** The domain imports only the given packages, itself, and nothing of another layer. */
function domain(packages) {
	return [
		[String.raw`^(?!\.|\$lib/domain/|(${packages})$)`, 'The domain imports only zod (and itself).'],
		[String.raw`^\$lib/(?!domain/)`, 'The domain imports only itself.'],
		[
			String.raw`(^|/)(sync|client|server|ui|routes|testing)(/|$)`,
			'The domain imports only itself.'
		]
	];
}

export const boundaries = [
	{
		name: 'boundaries/domain',
		files: ['src/lib/domain/**/*.ts'],
		ignores: TESTS,
		rules: { 'no-restricted-imports': forbid(...domain('zod|fflate')) }
	},
	{
		// Files at the domain's root also may not climb out of it; only domain/export zips.
		name: 'boundaries/domain-root',
		files: ['src/lib/domain/*.ts'],
		ignores: TESTS,
		rules: {
			'no-restricted-imports': forbid(...domain('zod'), [
				String.raw`^\.\./`,
				'The domain imports only itself.'
			])
		}
	},
	{
		name: 'boundaries/sync',
		files: ['src/lib/sync/**/*.ts'],
		ignores: TESTS,
		rules: {
			'no-restricted-imports': forbid(
				[
					// @noble/hashes: the PIN verifier and action proofs both sides compute (sync/pin.ts).
					// zod/mini and its English messages: the kiosk's schema build (sync/zod-lite.ts).
					String.raw`^(?!\.|zod$|zod/mini$|zod/v4/locales/en\.js$|@noble/hashes/|\$lib/(domain|sync)/)`,
					'The wire contract imports only zod, @noble/hashes and the domain.'
				],
				[String.raw`^\.\./(?!domain/)`, 'The wire contract imports only zod and the domain.']
			)
		}
	},
	{
		name: 'boundaries/client',
		files: ['src/lib/client/**/*.ts'],
		ignores: TESTS,
		rules: { 'no-restricted-imports': forbid(serverCode, testing, framework) }
	},
	{
		// Svelte state modules and the registration helper may use the framework.
		name: 'boundaries/client-framework',
		files: ['src/lib/client/**/*.svelte.ts', 'src/lib/client/register-sw.ts'],
		ignores: TESTS,
		rules: { 'no-restricted-imports': forbid(serverCode, testing) }
	},
	{
		name: 'boundaries/server',
		files: ['src/lib/server/**/*.ts'],
		ignores: TESTS,
		rules: {
			'no-restricted-imports': forbid(
				[
					String.raw`(^|/)(client|ui|routes)(/|$)|^\$lib/(client|ui)`,
					'Server code never imports client or UI code.'
				],
				[String.raw`^(\$app/|svelte($|/))|\.svelte$`, 'Server code is framework-free.'],
				testing
			)
		}
	},
	{
		name: 'boundaries/service-worker',
		files: ['service-worker/**/*.ts'],
		ignores: TESTS,
		rules: {
			'no-restricted-imports': forbid(serverCode, testing, framework, [
				String.raw`(^|/)(ui|routes)(/|$)|^\$lib/ui`,
				'The service worker imports only framework-free client code.'
			])
		}
	},
	{
		name: 'boundaries/pages',
		files: [
			'src/lib/ui/**',
			'src/routes/**/*.svelte',
			'src/routes/**/+page.ts',
			'src/routes/**/+layout.ts'
		],
		ignores: TESTS,
		rules: { 'no-restricted-imports': forbid(serverCode, testing) }
	},
	{
		name: 'boundaries/endpoints',
		files: ['src/routes/**/+server.ts', 'src/hooks.server.ts'],
		rules: {
			'no-restricted-imports': forbid(
				[String.raw`^\$lib/(client|ui)/`, 'Endpoints never import client or UI code.'],
				testing
			)
		}
	}
];
