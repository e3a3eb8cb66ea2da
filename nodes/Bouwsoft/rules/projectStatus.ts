import { parseBoolean } from './values';

/**
 * Bouwsoft has no status field on Projects, only the flags `approved`, `rejected` and `completed`
 * (reference §5.8). The filter's *status* is derived from them, first match wins:
 *
 *   completed = true                      → Completed
 *   rejected = true  (and not completed)  → Rejected
 *   approved = true  (and neither above)  → Approved
 *   all three false                       → Offer   (a quote that is not decided yet)
 *
 * A record that carries none of the three flags (plain JSON from elsewhere) has no status: it is missing.
 * `active` and `currentphase_title` are independent of the status and are filtered on directly.
 */
export const PROJECT_STATUSES = ['Offer', 'Approved', 'Rejected', 'Completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export function deriveProjectStatus(record: Record<string, unknown>): ProjectStatus | undefined {
	const completed = parseBoolean(record.completed);
	const rejected = parseBoolean(record.rejected);
	const approved = parseBoolean(record.approved);
	if (completed === undefined && rejected === undefined && approved === undefined) return undefined;
	if (completed) return 'Completed';
	if (rejected) return 'Rejected';
	if (approved) return 'Approved';
	return 'Offer';
}

const STATUS_WORDS: Record<string, ProjectStatus> = {
	offer: 'Offer',
	offerte: 'Offer',
	quote: 'Offer',
	approved: 'Approved',
	goedgekeurd: 'Approved',
	rejected: 'Rejected',
	afgekeurd: 'Rejected',
	completed: 'Completed',
	afgewerkt: 'Completed',
	afgesloten: 'Completed',
};

/** A status typed by a user (English names, or the Dutch words Bouwsoft users know), any case. */
export function parseProjectStatus(value: string): ProjectStatus | undefined {
	return STATUS_WORDS[value.trim().toLowerCase()];
}

/** The flag values (as Bouwsoft filter terms) that together mean exactly this status. */
export function statusFlags(status: ProjectStatus): Array<{ field: 'approved' | 'rejected' | 'completed'; value: boolean }> {
	switch (status) {
		case 'Completed':
			return [{ field: 'completed', value: true }];
		case 'Rejected':
			return [
				{ field: 'completed', value: false },
				{ field: 'rejected', value: true },
			];
		case 'Approved':
			return [
				{ field: 'completed', value: false },
				{ field: 'rejected', value: false },
				{ field: 'approved', value: true },
			];
		case 'Offer':
			return [
				{ field: 'completed', value: false },
				{ field: 'rejected', value: false },
				{ field: 'approved', value: false },
			];
	}
}
