/**
 * Keyset paging emulated on offsets, for a server that cannot filter on id (pure: unit-tested without a
 * server). Pages are read in ascending id order; the client hands out only ids above the last one it handed
 * out, so what matters is where the next page starts:
 *
 * - A page is taken only when it starts at or before the last id handed out (`accepted`), or at offset 0.
 *   Then no record with a larger id can lie before it: nothing is skipped, whatever was deleted or inserted
 *   between two requests, and the ids at or below the last one are dropped (the overlap).
 * - The next page starts on the last record handed out (offset + received − 1): one record of overlap, which
 *   also proves that the order runs on across pages.
 * - A page that starts after the last id (records were deleted before the position, or a guess was too far)
 *   is not used: the read steps back, further each time, until a page starts at or before it.
 * - A page with nothing new (a resumed read seeking its position, or records that came in before it) moves
 *   forward: to where its ids put the last id (ids are about evenly spread: a resumed read usually lands on
 *   its place with the second request), else galloping; once a page too far is known, it bisects.
 */
export interface OffsetPosition {
	/** Where the next page starts when nothing better is known: at or before the last id handed out. */
	low: number;
	/** Whether a page read at `low` showed a record at or before the last id (else it is a guess). */
	sure: boolean;
	/** The smallest offset seen to start after the last id handed out (or past the end). */
	high?: number;
	/** How far the next step back goes (doubles with every step). */
	back: number;
	/** Pages read one after the other with nothing new on them (the gallop forward). */
	behind: number;
	/** Records a page advanced by last time (received − 1). */
	stride: number;
	/** Where the last id is expected, from the ids of a page with nothing new (half a page early). */
	aim?: number;
}

/** What a page read at an offset means for the read (see `placePage`). */
type PagePlace =
	/** Taken: the records from `from` on are new. */
	| { kind: 'new'; from: number }
	/** Taken, nothing new on it: the position is further on. */
	| { kind: 'behind' }
	/** Not taken: it starts after the last id handed out (or is empty at an offset above 0). */
	| { kind: 'ahead' }
	/** Empty at offset 0: the selection is empty. */
	| { kind: 'end' };

/** A read that begins at `guess` (0 = from the start, always safe). */
export function startPosition(guess: number, limit: number): OffsetPosition {
	const low = Math.max(0, Math.floor(guess));
	return { low, sure: low === 0, back: 0, behind: 0, stride: Math.max(1, limit - 1) };
}

/** Offset of the next request. */
export function nextOffset(position: OffsetPosition): number {
	const { low, high, sure, behind, stride, aim } = position;
	if (!sure) return low;
	const aimed = aim !== undefined && aim > low && (high === undefined || aim < high) ? aim : undefined;
	if (high === undefined) return aimed ?? (behind < 2 ? low : low + stride * 2 ** (behind - 2));
	if (high - low <= stride) return low;
	return aimed ?? low + Math.floor((high - low) / 2);
}

/**
 * Where the page read at `offset` leaves the read, given the last id handed out. `ids`: the id of each record
 * in the order received (already checked to ascend; undefined for a record without one, which is handed out
 * with its neighbours but never positions the read). The caller ends the read on `end`, or on a `behind`
 * page that is the last one.
 */
export function placePage(
	position: OffsetPosition,
	offset: number,
	ids: ReadonlyArray<number | undefined>,
	lastId: number | undefined,
	limit: number,
): { place: PagePlace; position: OffsetPosition } {
	const firstIndex = ids.findIndex((id) => id !== undefined);
	if (firstIndex < 0 && offset === 0) return { place: { kind: 'end' }, position };
	const first = ids[firstIndex];
	const accepted = first !== undefined && (offset === 0 || lastId === undefined || first <= lastId);
	if (!accepted) return { place: { kind: 'ahead' }, position: stepBack(position, offset, limit) };
	let lastIndex = ids.length - 1;
	while (ids[lastIndex] === undefined) lastIndex--;
	const stride = Math.max(1, lastIndex);
	const low = offset + lastIndex;
	const from = ids.findIndex((id) => id !== undefined && (lastId === undefined || id > lastId));
	if (from >= 0) return { place: { kind: 'new', from }, position: { low, sure: true, back: 0, behind: 0, stride } };
	// Nothing new: the position is further on.
	const high = position.high !== undefined && position.high > low ? position.high : undefined;
	const aim = lastId === undefined ? undefined : aimAt(offset, ids, firstIndex, lastIndex, lastId, stride);
	return { place: { kind: 'behind' }, position: { ...position, low, sure: true, high, behind: position.behind + 1, stride, aim } };
}

/** The offset half a page before where `lastId` should be, if the page's ids run on evenly beyond it. */
function aimAt(
	offset: number,
	ids: ReadonlyArray<number | undefined>,
	firstIndex: number,
	lastIndex: number,
	lastId: number,
	stride: number,
): number | undefined {
	const first = ids[firstIndex]!;
	const last = ids[lastIndex]!;
	if (last <= first) return undefined;
	const perId = (lastIndex - firstIndex) / (last - first);
	return Math.floor(offset + lastIndex + (lastId - last) * perId - stride / 2);
}

/** After a page that started too far: remember it, and step back when it was read at the believed position. */
function stepBack(position: OffsetPosition, offset: number, limit: number): OffsetPosition {
	const high = position.high === undefined ? offset : Math.min(position.high, offset);
	if (offset > position.low) return { ...position, high, behind: 0, aim: undefined };
	const back = position.back > 0 ? position.back * 2 : Math.max(1, Math.floor(Math.min(position.stride, limit - 1) / 2));
	const low = Math.max(0, offset - back);
	return { ...position, low, sure: low === 0, high, back, behind: 0, aim: undefined };
}
