/**
 * Bounded concurrency for both APIs: at most `limit` calls of `fn` in flight, results in input order. After
 * the first rejection no further item is started and the returned promise rejects with that error.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (!failed && next < items.length) {
			const index = next++;
			results[index] = await fn(items[index], index).catch(async (error: unknown) => {
				failed = true;
				return await Promise.reject(error);
			});
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => await worker());
	await Promise.all(workers);
	return results;
}

/** `items` in slices of `size` (at least 1), in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	const step = Math.max(1, Math.floor(size));
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
	return out;
}
