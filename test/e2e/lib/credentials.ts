/** Credentials for importing into n8n, pointing at the local simulators (structural types: no simulator import). */
import type { CredentialImport } from './types';

export const BOUWSOFT_CREDENTIAL = { id: 'bouwsoftCred0001', name: 'Bouwsoft (simulator)' } as const;
export const OUTSMART_CREDENTIAL = { id: 'outsmartCred0001', name: 'OutSmart (simulator)' } as const;

export interface BouwsoftEndpoint {
	authUrl: string;
	clientNr: number;
	refreshToken: string;
}

export interface OutSmartEndpoint {
	baseUrl: string;
	token: string;
	softwareToken: string;
}

/** `bouwsoftApi` credential (hidden accessToken/serverName/validUntil are filled by preAuthentication). */
export function bouwsoftCredential(sim: BouwsoftEndpoint, ref: { id: string; name: string } = BOUWSOFT_CREDENTIAL): CredentialImport {
	return {
		...ref,
		type: 'bouwsoftApi',
		data: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl },
	};
}

/** `outSmartApi` credential. */
export function outSmartCredential(sim: OutSmartEndpoint, ref: { id: string; name: string } = OUTSMART_CREDENTIAL): CredentialImport {
	return {
		...ref,
		type: 'outSmartApi',
		data: { baseUrl: sim.baseUrl, token: sim.token, softwareToken: sim.softwareToken },
	};
}

/** Both credentials for a pair of running simulators. */
export function simulatorCredentials(bouwsoft: BouwsoftEndpoint, outsmart: OutSmartEndpoint): CredentialImport[] {
	return [bouwsoftCredential(bouwsoft), outSmartCredential(outsmart)];
}
