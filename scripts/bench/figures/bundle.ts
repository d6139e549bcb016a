import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';

export interface BundleFigure {
	files: number;
	rawBytes: number;
	gzipBytes: number;
	largest: { path: string; gzipBytes: number }[];
}

/** Records every script the page fetches until `stop()`; sizes come from the private build. */
export function recordScripts(page: Page, url: string) {
	const paths = new Set<string>();
	page.on('response', (res) => {
		const u = new URL(res.url());
		if (u.origin === url && u.pathname.endsWith('.js')) paths.add(u.pathname);
	});
	return {
		measure(buildDir: string): BundleFigure {
			const sizes = [...paths].map((p) => {
				const body = readFileSync(join(buildDir, 'client', p));
				return { path: p, raw: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
			});
			sizes.sort((a, b) => b.gzipBytes - a.gzipBytes);
			return {
				files: sizes.length,
				rawBytes: sizes.reduce((n, s) => n + s.raw, 0),
				gzipBytes: sizes.reduce((n, s) => n + s.gzipBytes, 0),
				largest: sizes.slice(0, 5).map(({ path, gzipBytes }) => ({ path, gzipBytes }))
			};
		}
	};
}
