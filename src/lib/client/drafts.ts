/**
 * Unsaved form text kept across an idle lock for the SAME person only. On a shared tablet the
 * next person must never see (or submit) someone else's half-typed note, so a draft is bound to
 * the person and the page it was typed on, and is dropped the moment anyone else unlocks.
 * Memory only: a reload or a new person loses it, which is the safe side.
 */
export interface DraftField {
	/** The element's id (or name when it has no id). */
	key: string;
	value: string;
	/** For checkboxes: the ticked state; value is then unused. */
	checked?: boolean;
}

export interface Draft {
	uid: string;
	path: string;
	fields: DraftField[];
}

export class DraftKeeper {
	private draft: Draft | null = null;

	/** Records one field as the person types; typing on another page starts a new draft. */
	record(uid: string, path: string, field: DraftField): void {
		if (!this.draft || this.draft.uid !== uid || this.draft.path !== path)
			this.draft = { uid, path, fields: [] };
		const rest = this.draft.fields.filter((f) => f.key !== field.key);
		this.draft = { ...this.draft, fields: [...rest, field] };
	}

	/** A submitted (or abandoned) form is no longer a draft. */
	clear(path?: string): void {
		if (!path || this.draft?.path === path) this.draft = null;
	}

	/** Who has a draft waiting, for the lock screen to say so. */
	get owner(): { uid: string; path: string; count: number } | null {
		const d = this.draft;
		return d && d.fields.some(hasContent)
			? { uid: d.uid, path: d.path, count: d.fields.length }
			: null;
	}

	/**
	 * Hands the draft back when the same person unlocks on the same page, and drops it for
	 * anyone else. Either way it is gone afterwards: restored fields are the form's again.
	 */
	takeFor(uid: string, path: string): DraftField[] {
		const d = this.draft;
		this.draft = null;
		if (!d || d.uid !== uid || d.path !== path) return [];
		return d.fields.filter(hasContent);
	}
}

function hasContent(f: DraftField): boolean {
	return f.checked !== undefined ? f.checked : f.value.trim() !== '';
}
