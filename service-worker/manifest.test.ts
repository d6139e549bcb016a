import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../static/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.webmanifest', root), 'utf8'));

describe('web app manifest', () => {
	it('has what Chromium needs to install the kiosk', () => {
		expect(manifest).toMatchObject({
			id: '/',
			name: 'Kilnboard',
			short_name: 'Kilnboard',
			start_url: '/',
			scope: '/',
			display: 'standalone',
			theme_color: '#7a3b1d'
		});
		expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
		const kinds = manifest.icons.map(
			(i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`
		);
		expect(kinds).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
	});

	it.each(manifest.icons as { src: string; sizes: string }[])('$src is a PNG of $sizes', (icon) => {
		const png = readFileSync(new URL(`.${icon.src}`, root));
		expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
		const [w, h] = icon.sizes.split('x').map(Number);
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
	});
});
