import { describe, expect, it } from 'vitest';
import { openUndoWindows, updateBlocker } from './register-sw';

const calm = { typing: false, undoOpen: 0, acting: false, sending: false };

describe('updateBlocker', () => {
	it('lets the update through only when nothing is being typed, undone, saved or sent', () => {
		expect(updateBlocker(calm)).toBeNull();
		expect(updateBlocker({ ...calm, typing: true })).toMatch(/open form/);
		expect(updateBlocker({ ...calm, undoOpen: 2 })).toBe('Waiting for 2 undo windows to close.');
		expect(updateBlocker({ ...calm, undoOpen: 1 })).toBe('Waiting for 1 undo window to close.');
		expect(updateBlocker({ ...calm, acting: true })).toMatch(/action being saved/);
		expect(updateBlocker({ ...calm, sending: true })).toMatch(/sync in progress/);
	});

	it('counts only pending rows whose window has not ended', () => {
		const now = Date.parse('2026-03-02T10:00:00Z');
		const rows = [
			{ state: 'pending', sendAfter: '2026-03-02T10:00:05Z' },
			{ state: 'pending', sendAfter: '2026-03-02T09:59:59Z' },
			{ state: 'pending' },
			{ state: 'synced', sendAfter: '2026-03-02T10:00:05Z' }
		];
		expect(openUndoWindows(rows, now)).toBe(1);
		expect(openUndoWindows(rows, now + 6000)).toBe(0);
	});
});
