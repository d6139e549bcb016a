// Writes the PWA icons (a cream flame on the brand colour) with node:zlib only: `node scripts/make-icons.mjs`.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const BRAND = [0x7a, 0x3b, 0x1d];
const CREAM = [0xf6, 0xe7, 0xd3];
const EMBER = [0xe0, 0x8a, 0x3c];

/** A teardrop flame in unit coordinates (-1..1, y down), scaled by `s` around (0, cy). */
function inFlame(x, y, s, cy) {
	const u = x / s;
	const v = (y - cy) / s;
	if (Math.hypot(u, v - 0.25) <= 0.45) return true;
	if (v < -0.8 || v > 0.25) return false;
	const t = (v + 0.8) / 1.05; // 0 at the tip, 1 at the widest point
	const lean = 0.12 * (1 - t) * (1 - t); // the tip leans a little, like a real flame
	return Math.abs(u - lean) <= 0.45 * Math.pow(t, 0.9);
}

function colourAt(x, y, scale) {
	if (inFlame(x, y, 0.42 * scale, 0.04 * scale)) return EMBER;
	if (inFlame(x, y, 0.8 * scale, 0)) return CREAM;
	return BRAND;
}

function render(size, scale) {
	const raw = Buffer.alloc((size * 4 + 1) * size);
	const n = 4; // 4x4 supersampling for smooth edges
	for (let py = 0; py < size; py++) {
		raw[py * (size * 4 + 1)] = 0; // filter: none
		for (let px = 0; px < size; px++) {
			const acc = [0, 0, 0];
			for (let sy = 0; sy < n; sy++)
				for (let sx = 0; sx < n; sx++) {
					const x = ((px + (sx + 0.5) / n) / size) * 2 - 1;
					const y = ((py + (sy + 0.5) / n) / size) * 2 - 1;
					const c = colourAt(x, y, scale);
					for (let i = 0; i < 3; i++) acc[i] += c[i];
				}
			const o = py * (size * 4 + 1) + 1 + px * 4;
			for (let i = 0; i < 3; i++) raw[o + i] = Math.round(acc[i] / (n * n));
			raw[o + 3] = 255;
		}
	}
	return png(size, size, raw);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
	let c = k;
	for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}
function png(w, h, raw) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const out = new URL('../static/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), render(192, 1));
writeFileSync(new URL('icon-512.png', out), render(512, 1));
// Maskable: the glyph stays inside the central 80% safe zone.
writeFileSync(new URL('icon-512-maskable.png', out), render(512, 0.72));
console.log('icons written to static/icons/');
