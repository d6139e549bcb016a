import { describe, expect, it } from 'vitest';
import { parseSettings, resolveTheme, SETTINGS_KEY, startTheme } from './theme';
import { keepScreenOn, type VisibilityHost, type WakeState } from './wake-lock';

describe('display settings', () => {
	it('defaults, and survives garbage in storage', () => {
		expect(parseSettings(null)).toEqual({ theme: 'auto', largeText: false });
		expect(parseSettings('{not json')).toEqual({ theme: 'auto', largeText: false });
		expect(parseSettings('{"theme":"neon"}')).toEqual({ theme: 'auto', largeText: false });
		expect(parseSettings('{"theme":"dark","largeText":true}')).toEqual({
			theme: 'dark',
			largeText: true
		});
	});

	it('follows the tablet on auto, high contrast first; an explicit choice wins', () => {
		expect(resolveTheme('auto', { dark: false, moreContrast: false })).toBe('light');
		expect(resolveTheme('auto', { dark: true, moreContrast: false })).toBe('dark');
		expect(resolveTheme('auto', { dark: true, moreContrast: true })).toBe('contrast');
		expect(resolveTheme('light', { dark: true, moreContrast: true })).toBe('light');
		expect(resolveTheme('dark', { dark: false, moreContrast: false })).toBe('dark');
	});

	it('applies to <html>, persists the choice, and re-applies when the media query changes', () => {
		const listeners = new Map<string, () => void>();
		const state: Record<string, boolean> = {
			'(prefers-color-scheme: dark)': false,
			'(prefers-contrast: more)': false,
			'(forced-colors: active)': false
		};
		const store = new Map<string, string>();
		const win = {
			matchMedia: (q: string) =>
				({
					get matches() {
						return state[q];
					},
					addEventListener: (_: string, fn: () => void) => listeners.set(q, fn),
					removeEventListener: () => listeners.delete(q)
				}) as unknown as MediaQueryList,
			localStorage: {
				getItem: (k: string) => store.get(k) ?? null,
				setItem: (k: string, v: string) => void store.set(k, v)
			}
		};
		const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
		const t = startTheme(win, root);
		expect(root.dataset).toEqual({ theme: 'light', text: 'normal' });
		state['(prefers-color-scheme: dark)'] = true;
		listeners.get('(prefers-color-scheme: dark)')!();
		expect(root.dataset.theme).toBe('dark');
		t.set({ theme: 'contrast', largeText: true });
		expect(root.dataset).toEqual({ theme: 'contrast', text: 'large' });
		expect(JSON.parse(store.get(SETTINGS_KEY)!)).toEqual({ theme: 'contrast', largeText: true });
		// A fresh start on the same kiosk reads the stored choice back.
		t.stop();
		const again = startTheme(win, root);
		expect(again.settings).toEqual({ theme: 'contrast', largeText: true });
		again.stop();
		expect(listeners.size).toBe(0);
	});
});

describe('keepScreenOn', () => {
	function fakeDoc() {
		let fn: (() => void) | null = null;
		const doc: VisibilityHost & { show(): void; hide(): void } = {
			visibilityState: 'visible',
			addEventListener: (_t, f) => void (fn = f),
			removeEventListener: () => void (fn = null),
			show() {
				this.visibilityState = 'visible';
				fn?.();
			},
			hide() {
				this.visibilityState = 'hidden';
			}
		};
		return doc;
	}
	const flush = () => new Promise((r) => setTimeout(r, 0));

	it('asks again after the page was hidden, and releases on stop', async () => {
		const sentinels: { released: boolean; fire(): void }[] = [];
		const nav = {
			wakeLock: {
				request: async () => {
					let onRelease = () => undefined as void;
					const s = {
						released: false,
						release: async () => void (s.released = true),
						addEventListener: (_: 'release', f: () => void) => void (onRelease = f),
						fire() {
							s.released = true;
							onRelease();
						}
					};
					sentinels.push(s);
					return s;
				}
			}
		};
		const doc = fakeDoc();
		const states: WakeState[] = [];
		const stop = keepScreenOn(nav, doc, (s) => states.push(s));
		await flush();
		expect(sentinels).toHaveLength(1);
		// The browser drops the lock when the tablet hides the page...
		doc.hide();
		sentinels[0].fire();
		doc.show();
		await flush();
		// ...and the board takes a new one when it is visible again.
		expect(sentinels).toHaveLength(2);
		expect(states).toEqual(['held', 'released', 'held']);
		// Visible again while still held: no duplicate request.
		doc.show();
		await flush();
		expect(sentinels).toHaveLength(2);
		stop();
		expect(sentinels[1].released).toBe(true);
	});

	it('says unsupported or refused and never throws', async () => {
		const states: WakeState[] = [];
		keepScreenOn({}, fakeDoc(), (s) => states.push(s));
		keepScreenOn(
			{ wakeLock: { request: () => Promise.reject(new Error('NotAllowedError')) } },
			fakeDoc(),
			(s) => states.push(s)
		);
		await flush();
		expect(states).toEqual(['unsupported', 'refused']);
	});
});
