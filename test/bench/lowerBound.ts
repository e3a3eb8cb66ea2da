/**
 * The lower bound: the time an ideal client would need to move the same data at the same latency.
 *
 *   T_lb = R_min × latency + B / Θ
 *
 * - R_min: round trips on the critical path of an ideal client. One token call; Bouwsoft reads with the
 *   largest page the API allows (1000) and keyset paging (each page needs the last id of the previous page,
 *   design §3.1), so pages of one resource are sequential while different resources are read in parallel
 *   (the longest chain counts); OutSmart writes overlap the reads (pipelined) and add one round trip per
 *   dependency level after the last page (parents before children).
 * - B: the payload: every Bouwsoft record read once and every OutSmart record written once, as JSON.
 * - Θ: the measured loopback throughput between this process and the simulator host (no JSON, no latency).
 *
 * CPU for JSON encoding/decoding is deliberately NOT in the bound: it is part of what we are measured on.
 */
export const BOUWSOFT_MAX_PAGE = 1000;

export interface LowerBoundInput {
	/** Sequential page chains that run in parallel: records read per resource. */
	readChains: number[];
	/** Dependency levels of OutSmart writes after the last read (e.g. materials → links = 2). */
	writeLevels: number;
	/** Token call on the critical path (first poll only; later polls reuse the token). */
	tokenCall: boolean;
	bouwsoftLatencyMs: number;
	outsmartLatencyMs: number;
	payloadBytes: number;
	bytesPerSecond: number;
}

export interface LowerBound {
	roundTrips: number;
	latencyPartMs: number;
	transferPartMs: number;
	ms: number;
}

export function lowerBound(input: LowerBoundInput): LowerBound {
	const longestChain = Math.max(1, ...input.readChains.map((records) => Math.max(1, Math.ceil(records / BOUWSOFT_MAX_PAGE))));
	const readTrips = (input.tokenCall ? 1 : 0) + longestChain;
	const roundTrips = readTrips + input.writeLevels;
	const latencyPartMs = readTrips * input.bouwsoftLatencyMs + input.writeLevels * input.outsmartLatencyMs;
	const transferPartMs = (input.payloadBytes / input.bytesPerSecond) * 1000;
	return { roundTrips, latencyPartMs, transferPartMs, ms: latencyPartMs + transferPartMs };
}
