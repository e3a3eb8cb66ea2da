/**
 * `npm run simulators`: start the Bouwsoft and OutSmart simulators on fixed ports for the demo, the e2e
 * suite or manual exploration, print their URLs and demo credentials, and run until SIGINT/SIGTERM.
 *
 * Options (argument wins over environment variable, which wins over the default):
 *   --bouwsoft-auth-port  BOUWSOFT_AUTH_PORT   18080
 *   --bouwsoft-data-port  BOUWSOFT_DATA_PORT   18081
 *   --outsmart-port       OUTSMART_PORT        18090
 *   --latency-ms          SIM_LATENCY_MS       0      (both simulators, per request)
 *   --products / --addresses / --projects / --assignments / --employees
 *                         BOUWSOFT_PRODUCTS, ... seed sizes (defaults: the seed's small sizes)
 *   --dialect             BOUWSOFT_DIALECT     extended | confirmed (confirmed: only eq/ne/gt and `and`)
 *
 * The last line printed at start-up is `SIMULATORS_READY <json>` for scripts.
 * The credentials printed here are simulator demo values, not secrets.
 */
import { startBouwsoftSimulator, type BouwsoftSimulator } from './bouwsoft';
import { startOutSmartSimulator } from './outsmart';

function option(name: string, envName: string): string | undefined {
	const flag = `--${name}`;
	const args = process.argv.slice(2);
	for (let i = 0; i < args.length; i++) {
		if (args[i] === flag) return args[i + 1];
		if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
	}
	const env = process.env[envName];
	return env === undefined || env === '' ? undefined : env;
}

function numberOption(name: string, envName: string, fallback?: number): number | undefined {
	const raw = option(name, envName);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got '${raw}'`);
	return value;
}

async function main(): Promise<void> {
	const latencyMs = numberOption('latency-ms', 'SIM_LATENCY_MS', 0);
	const dialect = option('dialect', 'BOUWSOFT_DIALECT') ?? 'extended';
	if (dialect !== 'extended' && dialect !== 'confirmed') throw new Error(`--dialect must be extended or confirmed`);

	const bouwsoft: BouwsoftSimulator = await startBouwsoftSimulator({
		authPort: numberOption('bouwsoft-auth-port', 'BOUWSOFT_AUTH_PORT', 18080),
		dataPort: numberOption('bouwsoft-data-port', 'BOUWSOFT_DATA_PORT', 18081),
		latencyMs,
		dialect: dialect === 'confirmed' ? { comparisons: false, or: false } : { comparisons: true, or: true },
		seed: {
			products: numberOption('products', 'BOUWSOFT_PRODUCTS'),
			addresses: numberOption('addresses', 'BOUWSOFT_ADDRESSES'),
			projects: numberOption('projects', 'BOUWSOFT_PROJECTS'),
			assignments: numberOption('assignments', 'BOUWSOFT_ASSIGNMENTS'),
			employees: numberOption('employees', 'BOUWSOFT_EMPLOYEES'),
		},
	});
	const outSmart = await startOutSmartSimulator({
		port: numberOption('outsmart-port', 'OUTSMART_PORT', 18090),
		latencyMs,
	});

	const ready = {
		bouwsoft: {
			authUrl: bouwsoft.authUrl,
			serverName: bouwsoft.serverName,
			dataUrl: bouwsoft.dataUrl,
			clientNr: bouwsoft.clientNr,
			refreshToken: bouwsoft.refreshToken,
		},
		outSmart: { baseUrl: outSmart.baseUrl, token: outSmart.token, softwareToken: outSmart.softwareToken },
	};
	const counts = ['Employees', 'Products', 'Addresses', 'Projects', 'Assignments']
		.map((resource) => `${resource} ${bouwsoft.store.count(resource)}`)
		.join(', ');
	const lines = [
		'Simulators running (Ctrl+C to stop)',
		'',
		'Bouwsoft (credential "Bouwsoft API")',
		`  Authentication Server URL: ${bouwsoft.authUrl}`,
		`  Client number:             ${bouwsoft.clientNr}`,
		`  Refresh token:             ${bouwsoft.refreshToken}`,
		`  Data server (ServerName):  ${bouwsoft.serverName}  (filter dialect: ${dialect})`,
		`  Seeded:                    ${counts}`,
		'',
		'OutSmart (credential "OutSmart API")',
		`  Base URL:                  ${outSmart.baseUrl}`,
		`  Token:                     ${outSmart.token}`,
		`  Software token:            ${outSmart.softwareToken}`,
		'',
		`SIMULATORS_READY ${JSON.stringify(ready)}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping simulators\n`);
		await Promise.allSettled([bouwsoft.close(), outSmart.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`Could not start the simulators: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
