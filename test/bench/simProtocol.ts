/** IPC messages between the benchmark process and the simulator host (simHost.ts). */
import type { BouwsoftSeedOptions } from '../simulators/bouwsoft/seed';

export interface SimHostStart {
	bouwsoftLatencyMs: number;
	outsmartLatencyMs: number;
	dialect: 'confirmed' | 'extended';
	seed: BouwsoftSeedOptions;
}

export type SimHostCommand =
	| { type: 'start'; options: SimHostStart }
	| { type: 'counts' }
	| { type: 'resetCounts' }
	| { type: 'resetOutSmart' }
	| { type: 'setLatency'; bouwsoftMs: number; outsmartMs: number }
	| { type: 'mutate'; resource: string; count: number; field: string }
	| { type: 'outsmartCounts'; endpoints: string[] }
	| { type: 'payloadBytes'; bouwsoftResources: string[]; outsmartEndpoints: string[] }
	| { type: 'memory' }
	| { type: 'stop' };

export interface ByteCounts {
	/** Bytes the Bouwsoft servers received (requests) and sent (responses), headers included. */
	bouwsoftIn: number;
	bouwsoftOut: number;
	outsmartIn: number;
	outsmartOut: number;
}

export interface SimCounts {
	bouwsoftRequests: number;
	bouwsoftByResource: Record<string, number>;
	outsmartRequests: number;
	outsmartByEndpoint: Record<string, { requests: number; rowsReceived: number; rowsWritten: number }>;
	bytes: ByteCounts;
}

export interface SimHostInfo {
	authUrl: string;
	clientNr: number;
	refreshToken: string;
	outsmartBaseUrl: string;
	outsmartToken: string;
	outsmartSoftwareToken: string;
	echoUrl: string;
	tableSizes: Record<string, number>;
}

export interface PayloadBytes {
	bouwsoftBytes: number;
	bouwsoftRecords: number;
	outsmartBytes: number;
	outsmartRecords: number;
}
