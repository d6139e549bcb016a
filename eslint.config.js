import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { fileURLToPath } from 'node:url';
import svelteConfig from './svelte.config.js';
import { boundaries } from './eslint.boundaries.js';

const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'data/',
			'test-results/',
			'playwright-report/',
			'bench-results/',
			// Deliberately wrong code for src/testing/boundaries.test.ts.
			'src/testing/lint-fixtures/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.serviceworker } },
		rules: {
			'no-undef': 'off',
			// Kilnboard is served at the root (no `paths.base`), so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	...boundaries,
	{
		name: 'no-import-cycles',
		files: ['src/**/*.ts', 'src/**/*.svelte', 'service-worker/**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			// Dependencies are followed through TypeScript modules.
			'import-x/extensions': ['.ts', '.js'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/resolver-next': [
				createNodeResolver({
					extensions: ['.ts', '.svelte.ts', '.js', '.svelte'],
					alias: { $lib: [lib] }
				})
			]
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	}
);
