import { describe, expect, it } from 'vitest';
import { LiveChannel } from './live';
import { ManualTimers } from '../../testing/client/test-support';

class FakeES {
	readyState = 0;
	listeners = new Map<string, (() => void)[]>();
	closed = false;
	addEventListener(type: string, fn: () => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
	}
	emit(type: string) {
		for (const fn of this.listeners.get(type) ?? []) fn();
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
}

describe('LiveChannel', () => {
	function setup() {
		const made: FakeES[] = [];
		const timers = new ManualTimers();
		const changes: string[] = [];
		const live = new LiveChannel({
			url: () => '/api/sync/events?token=t',
			createEventSource: () => {
				const es = new FakeES();
				made.push(es);
				return es as unknown as EventSource;
			},
			timers,
			onChanged: (why) => changes.push(why),
			log: () => undefined
		});
		return { live, made, timers, changes };
	}

	it('pulls on `changed` and polls only while the stream is down', () => {
		const { live, made, timers, changes } = setup();
		live.start();
		made[0].emit('open');
		made[0].emit('changed');
		timers.fireAll(); // poll tick while open: nothing
		expect(changes).toEqual(['sse']);
		made[0].emit('error'); // reconnecting by itself (readyState CONNECTING)
		timers.fireAll();
		expect(changes).toEqual(['sse', 'poll']);
		expect(made).toHaveLength(1);
	});

	it('re-creates a stream that went CLOSED', () => {
		const { live, made, timers } = setup();
		live.start();
		made[0].readyState = 2;
		made[0].emit('error');
		timers.fireAll();
		expect(made).toHaveLength(2);
		live.stop();
		expect(made[1].closed).toBe(true);
	});
});
