import { z } from 'zod';

/** What a kiosk can choose; "auto" follows the tablet's own settings. */
export const ThemeChoice = z.enum(['auto', 'light', 'dark', 'contrast']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;
export type ResolvedTheme = Exclude<ThemeChoice, 'auto'>;

export const DisplaySettings = z.object({
	theme: ThemeChoice.default('auto'),
	largeText: z.boolean().default(false)
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const THEME_LABEL: Record<ThemeChoice, string> = {
	auto: 'Automatic',
	light: 'Light',
	dark: 'Dark',
	contrast: 'High contrast'
};

/** Stored per kiosk (this browser profile), not per person: it is the tablet's display. */
export const SETTINGS_KEY = 'kilnboard.display';

/** Reads stored settings; anything unreadable falls back to the defaults instead of failing. */
export function parseSettings(raw: string | null): DisplaySettings {
	if (!raw) return DisplaySettings.parse({});
	try {
		const parsed = DisplaySettings.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : DisplaySettings.parse({});
	} catch {
		return DisplaySettings.parse({});
	}
}

export interface MediaPrefs {
	dark: boolean;
	/** prefers-contrast: more, or forced colours (Windows high contrast). */
	moreContrast: boolean;
}

/** A kiosk's explicit choice wins; "auto" takes high contrast first, then dark, then light. */
export function resolveTheme(choice: ThemeChoice, prefs: MediaPrefs): ResolvedTheme {
	if (choice !== 'auto') return choice;
	if (prefs.moreContrast) return 'contrast';
	return prefs.dark ? 'dark' : 'light';
}

const QUERIES = {
	dark: '(prefers-color-scheme: dark)',
	contrast: '(prefers-contrast: more)',
	forced: '(forced-colors: active)'
} as const;

interface Storage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/**
 * Applies the display settings to <html> and keeps following the media queries while "auto" is
 * chosen. Returns the live settings, a setter that persists, and a stop function.
 */
export function startTheme(
	win: Pick<Window, 'matchMedia'> & { localStorage: Storage },
	root: HTMLElement,
	onChange: (settings: DisplaySettings, resolved: ResolvedTheme) => void = () => undefined
) {
	const lists = {
		dark: win.matchMedia(QUERIES.dark),
		contrast: win.matchMedia(QUERIES.contrast),
		forced: win.matchMedia(QUERIES.forced)
	};
	let settings = parseSettings(safeGet(win.localStorage));
	const apply = () => {
		const resolved = resolveTheme(settings.theme, {
			dark: lists.dark.matches,
			moreContrast: lists.contrast.matches || lists.forced.matches
		});
		root.dataset.theme = resolved;
		root.dataset.text = settings.largeText ? 'large' : 'normal';
		onChange(settings, resolved);
	};
	for (const l of Object.values(lists)) l.addEventListener('change', apply);
	apply();
	return {
		get settings() {
			return settings;
		},
		set(next: Partial<DisplaySettings>) {
			settings = DisplaySettings.parse({ ...settings, ...next });
			try {
				win.localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
			} catch {
				// Private mode or full storage: the choice still applies until reload.
			}
			apply();
		},
		stop() {
			for (const l of Object.values(lists)) l.removeEventListener('change', apply);
		}
	};
}

function safeGet(storage: Storage): string | null {
	try {
		return storage.getItem(SETTINGS_KEY);
	} catch {
		return null;
	}
}
