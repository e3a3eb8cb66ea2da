import type { IDataObject } from 'n8n-workflow';

import { employees } from '../../../nodes/Bouwsoft/imports/employees';
import { DEFAULT_CATEGORY_OPTIONS } from '../../../nodes/Bouwsoft/imports/types';
import { emptyState } from '../../../nodes/Bouwsoft/sync/cursor/state';
import type { SyncState } from '../../../nodes/Bouwsoft/sync/cursor/state';
import { newSummary } from '../../../nodes/Bouwsoft/sync/summary';
import { pollTimestampCategory } from '../../../nodes/Bouwsoft/sync/timestampPoll';
import type { PollSettings } from '../../../nodes/Bouwsoft/sync/types';
import { FakeBouwsoft, mulberry32 } from './fakeClient';

/**
 * Random edits with many equal timestamps, random page sizes (from 1), edits that land while a poll is
 * paging, random max-records caps and polls that fail midway. Invariants over the whole run:
 * - every version of a record that exists when a poll starts is emitted by that poll or a later one
 *   (checked as: after the final quiet polls, the last emitted version of every record is its current one,
 *   and a record is never left behind at an older version at the end of any completed window);
 * - no version is emitted twice (no unchanged record is repeated).
 */
async function scenario(seed: number) {
	const random = mulberry32(seed);
	const fake = new FakeBouwsoft();
	for (let i = 0; i < 20 + Math.floor(random() * 30); i++) fake.insert();
	const pageSize = 1 + Math.floor(random() * 7);
	const overlapSeconds = Math.floor(random() * 4);
	let state: SyncState = emptyState('fp');
	const emittedVersions = new Map<number, number[]>();
	const settings = (cap: number): PollSettings => ({
		overlapSeconds,
		timeZone: 'UTC',
		firstRun: 'full',
		maxRecordsPerPoll: cap,
	});
	const editSome = (count: number) => {
		for (let i = 0; i < count; i++) {
			if (random() < 0.15) fake.insert();
			else fake.edit(1 + Math.floor(random() * (fake.nextId - 1)));
			if (random() < 0.3) fake.clock += 1; // many edits share a second
		}
	};
	const poll = async (failAtPage?: number, concurrentEdits = 0, cap = 0) => {
		fake.beforePage = (n) => {
			if (n > 0 && n < 6 && concurrentEdits > 0) editSome(concurrentEdits);
			if (failAtPage !== undefined && n === failAtPage) throw new Error('simulated failure');
		};
		const summary = newSummary('employees', 'poll');
		try {
			const out = await pollTimestampCategory(employees, {
				run: { client: fake.client(pageSize), options: DEFAULT_CATEGORY_OPTIONS },
				settings: settings(cap),
				state,
				summary,
				now: () => new Date(),
			});
			for (const item of out.items) {
				const id = Number(item.id);
				const list = emittedVersions.get(id) ?? [];
				list.push(Number(item.version));
				emittedVersions.set(id, list);
			}
			state = out.state;
			return out;
		} catch (error) {
			expect((error as Error).message).toBe('simulated failure');
			return undefined;
		}
	};

	for (let round = 0; round < 60; round++) {
		editSome(Math.floor(random() * 8));
		fake.clock += Math.floor(random() * 3);
		const fail = random() < 0.15 ? Math.floor(random() * 3) : undefined;
		const cap = random() < 0.3 ? 1 + Math.floor(random() * 10) : 0;
		await poll(fail, random() < 0.4 ? 1 + Math.floor(random() * 3) : 0, cap);
	}
	// Quiet period: let every window close.
	fake.clock += 10;
	for (let i = 0; i < 40 && (state.pass || i < 2); i++) await poll();

	for (const [id, record] of fake.records) {
		const versions = emittedVersions.get(id) ?? [];
		// Delivered at its current version (every edit reached the output, the last one included).
		expect({ id, last: versions[versions.length - 1] }).toEqual({ id, last: record.version });
		// Never the same version twice, always in order.
		for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
	}
	// A final poll without changes emits nothing.
	const quiet = await poll();
	expect(quiet?.items ?? []).toEqual([]);
	return { polls: emittedVersions.size };
}

describe('cursor property: ties, pages, concurrent edits, caps and failures', () => {
	it.each(Array.from({ length: 60 }, (_, i) => 1000 + i))('seed %i', async (seed) => {
		const result = await scenario(seed);
		expect(result.polls).toBeGreaterThan(0);
	});
});

describe('cursor property: the fake honours the contract', () => {
	it('pages by id and counts requests', async () => {
		const fake = new FakeBouwsoft();
		for (let i = 0; i < 5; i++) fake.insert();
		const pages: IDataObject[][] = [];
		for await (const page of fake.client(2).pages('X')) pages.push(page.records);
		expect(pages.map((p) => p.map((r) => r.id))).toEqual([[1, 2], [3, 4], [5]]);
		expect(fake.requests).toBe(3);
	});
});
