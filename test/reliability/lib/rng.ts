/** Seeded PRNG (mulberry32): every random choice in the reliability suite comes from a fixed seed. */
export interface Rng {
	next(): number;
	int(maxExclusive: number): number;
	pick<T>(items: readonly T[]): T;
	chance(p: number): boolean;
}

export function seededRng(seed: number): Rng {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (max) => Math.floor(next() * max),
		pick: (items) => items[Math.floor(next() * items.length)],
		chance: (p) => next() < p,
	};
}
