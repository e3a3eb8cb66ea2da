/** Word lists and a seeded PRNG for the Bouwsoft seed. Flemish/Dutch construction vocabulary. */

export interface Random {
	next(): number;
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
}

/** mulberry32 with a salt per table, so changing one table's size never reshuffles another table. */
export function createRandom(seed: number, salt: string): Random {
	let state = seed >>> 0;
	for (let i = 0; i < salt.length; i++) state = Math.imul(state ^ salt.charCodeAt(i), 2654435761) >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: (items) => items[Math.floor(next() * items.length)],
		chance: (probability) => next() < probability,
	};
}

export const FIRST_NAMES = [
	'Jan', 'Pieter', 'Tom', 'Wim', 'Koen', 'Bart', 'Dirk', 'Geert', 'Stijn', 'Jens', 'Wout', 'Lars', 'Ruben',
	'Sofie', 'An', 'Els', 'Katrien', 'Lien', 'Nathalie', 'Griet', 'Marieke', 'Jef', 'Lowie', 'Noah', 'Seppe',
	'Joris', 'Thijs', 'Hanne', 'Zoë', 'Anaïs', 'Céline', 'Maarten', 'Sander', 'Joost', 'Ilse',
];

export const SURNAMES = [
	'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
	'Vermeulen', 'Van den Broeck', 'Dubois', 'Lambrechts', 'De Backer', 'Verhoeven', 'Van Damme', 'Declercq',
	'Vandenberghe', 'De Vos', 'Hermans', 'Pauwels', 'Aerts', 'Coppens', "D'Hondt", 'Van Acker', 'Smets',
	'de Vries', 'Jansen', 'Bakker', 'Visser', 'Verstraete', 'Desmet', 'Lefèvre', 'Van Hoeck',
];

export const STREETS = [
	'Kerkstraat', 'Stationsstraat', 'Dorpsstraat', 'Molenstraat', 'Nieuwstraat', 'Schoolstraat', 'Kapelstraat',
	'Beukenlaan', 'Lindelaan', 'Kasteelstraat', 'Heirweg', 'Steenweg', 'Veldstraat', 'Bosstraat', 'Grote Markt',
	'Meersstraat', 'Brugstraat', 'Hoogstraat', 'Zandstraat', 'Populierenlaan',
];

export const CITIES: ReadonlyArray<{ zipcode: string; city: string; countrycode: string }> = [
	{ zipcode: '9000', city: 'Gent', countrycode: 'BE' },
	{ zipcode: '2000', city: 'Antwerpen', countrycode: 'BE' },
	{ zipcode: '3000', city: 'Leuven', countrycode: 'BE' },
	{ zipcode: '8000', city: 'Brugge', countrycode: 'BE' },
	{ zipcode: '9300', city: 'Aalst', countrycode: 'BE' },
	{ zipcode: '2800', city: 'Mechelen', countrycode: 'BE' },
	{ zipcode: '3500', city: 'Hasselt', countrycode: 'BE' },
	{ zipcode: '8500', city: 'Kortrijk', countrycode: 'BE' },
	{ zipcode: '9100', city: 'Sint-Niklaas', countrycode: 'BE' },
	{ zipcode: '9200', city: 'Dendermonde', countrycode: 'BE' },
	{ zipcode: '2300', city: 'Turnhout', countrycode: 'BE' },
	{ zipcode: '8400', city: 'Oostende', countrycode: 'BE' },
	{ zipcode: '9800', city: 'Deinze', countrycode: 'BE' },
	{ zipcode: '1000', city: 'Brussel', countrycode: 'BE' },
	{ zipcode: '4811 AA', city: 'Breda', countrycode: 'NL' },
	{ zipcode: '4331 GH', city: 'Middelburg', countrycode: 'NL' },
];

export const COMPANY_PATTERNS = [
	'Bouwbedrijf {s}', '{s} Renovatie BV', 'Schrijnwerkerij {s}', 'Dakwerken {s}', 'Elektro {s}',
	'Installatiebedrijf {s}', 'VME Residentie {c}', 'Apotheek {s}', 'Brasserie {c}', 'Garage {s} NV',
	'Immo {s}', 'Tandartspraktijk {s}', 'Gemeente {c}', 'Schilderwerken {s} & Zonen',
];

/** Product lists (stored upper-case, reference Q9) with their groups (not upper-cased). */
export const PRODUCT_CATALOGUE: ReadonlyArray<{
	list: string;
	groups: ReadonlyArray<{ name: string; items: readonly string[]; unit: string; brand: string }>;
}> = [
	{
		list: 'ALGEMEEN',
		groups: [
			{ name: 'Bevestiging', items: ['Houtschroef 4x40', 'Pluggen 8mm', 'Slagplug 6x40', 'Draadstang M10'], unit: 'doos', brand: 'Fischer' },
			{ name: 'Kit en lijm', items: ['Siliconenkit transparant 310ml', 'Montagelijm 290ml', 'Acrylaatkit wit'], unit: 'st', brand: 'Soudal' },
		],
	},
	{
		list: 'VERF',
		groups: [
			{ name: '01 Levis', items: ['Ambiance muurverf mat wit 10L', 'Expert lak zijdeglans 2,5L', 'Grondverf 5L'], unit: 'pot', brand: 'Levis' },
			{ name: '02 Sikkens', items: ['Rubbol BL Satura 1L', 'Alpha Rezisto 5L', 'Cetol Filter 7 2,5L'], unit: 'pot', brand: 'Sikkens' },
			{ name: '03 Boss', items: ['Mat-O-Plus 10L', 'Boss Satin 2,5L'], unit: 'pot', brand: 'Boss paints' },
		],
	},
	{
		list: 'SANITAIR',
		groups: [
			{ name: 'Kranen', items: ['Keukenmengkraan chroom', 'Thermostatische douchekraan', 'Fonteinkraan koud'], unit: 'st', brand: 'Grohe' },
			{ name: 'WC', items: ['Hangtoilet diepspoel', 'Inbouwreservoir UP320', 'Bedieningsplaat wit'], unit: 'st', brand: 'Geberit' },
			{ name: 'Leidingen', items: ['Meerlagenbuis 16x2 (rol 100m)', 'PVC buis 110mm 3m', 'Koperen bocht 15mm'], unit: 'm', brand: 'Henco' },
			{ name: 'Toebehoren', items: ['Sifon 32mm', 'Afvoerplug', 'Rückstauklappe DN100'], unit: 'st', brand: 'Viega' },
		],
	},
	{
		list: 'ELEKTRO',
		groups: [
			{ name: 'Kabels', items: ['XVB 3G2,5 (rol 100m)', 'VOB 2,5mm² blauw', 'UTP cat6 (doos 305m)'], unit: 'm', brand: 'Nexans' },
			{ name: 'Schakelaars', items: ['Enkelpolige schakelaar wit', 'Stopcontact met aarding', 'Dimmer LED 200W'], unit: 'st', brand: 'Niko' },
			{ name: 'Verlichting', items: ['LED inbouwspot 6W', 'LED paneel 60x60', 'Buitenarmatuur IP65'], unit: 'st', brand: 'Philips' },
			{ name: 'Toebehoren', items: ['Inbouwdoos 60mm', 'Kabelgoot 40x40', 'Wago klem 5-voudig'], unit: 'st', brand: 'Wago' },
		],
	},
	{
		list: 'BOUWMATERIALEN',
		groups: [
			{ name: 'Stenen', items: ['Snelbouwsteen 14cm', 'Gevelsteen Rood Genuanceerd', 'Cellenbetonblok 10cm'], unit: 'st', brand: 'Wienerberger' },
			{ name: 'Mortel', items: ['Metselmortel 25kg', 'Tegellijm flex 25kg', 'Chape 25kg'], unit: 'zak', brand: 'Knauf' },
			{ name: 'Isolatie', items: ['PIR 120mm 120x60', 'Glaswol 100mm rol', 'XPS 50mm'], unit: 'm²', brand: 'Recticel' },
		],
	},
	{
		list: 'HOUT',
		groups: [
			{ name: 'Plaatmateriaal', items: ['OSB3 18mm 244x122', 'Multiplex 12mm', 'MDF 18mm'], unit: 'st', brand: 'Unilin' },
			{ name: 'Balken', items: ['Gebinte 38x175 geschaafd', 'Regel 22x45', 'Lat 18x32'], unit: 'm', brand: '' },
		],
	},
];

/** Jobs ("uursoorten"): codes upper-case (Q9). The last one has a blank name on purpose (S1 skips those). */
export const JOBS: ReadonlyArray<[code: string, name: string, priceHour: number]> = [
	['02', 'TRANSPORT', 69],
	['01', 'VOORBEREIDING', 45],
	['METS', 'METSELWERK', 52.5],
	['TEGEL', 'TEGELWERK', 55],
	['SCHRIJN', 'SCHRIJNWERK', 58],
	['SANIT', 'SANITAIR', 62],
	['ELEK', 'ELEKTRICITEIT', 60],
	['SCHILD', 'SCHILDERWERK', 48],
	['DAK', 'DAKWERKEN', 57.5],
	['AFBR', 'AFBRAAKWERKEN', 45],
	['CHAPE', 'CHAPE EN VLOERWERK', 50],
	['X', '', 0],
];

export const STOCK_LOCATIONS: ReadonlyArray<{ id: number; name: string }> = [
	{ id: 1, name: 'Magazijn Gent' },
	{ id: 2, name: 'Magazijn Aalst' },
	{ id: 3, name: 'Bestelwagen 1-VXK-123' },
	{ id: 4, name: 'Container werf Leuven' },
];

export const PROJECT_KINDS = ['Nieuwbouw woning', 'Renovatie badkamer', 'Verbouwing keuken', 'Dakrenovatie', 'Uitbreiding', 'Gevelrenovatie', 'Zolderinrichting', 'Renovatie appartement'];
export const PHASE_TITLES = ['Voorbereiding', 'Afbraak', 'Ruwbouw', 'Dak en gevel', 'Technieken', 'Afwerking', 'Oplevering'];
export const COST_ITEMS = ['Metselwerk', 'Tegelwerk', 'Sanitaire installatie', 'Elektrische installatie', 'Schilderwerk', 'Dakwerk', 'Chape'];
export const ASSIGNMENT_TITLES = ['Lekkage badkamer', 'Herstelling dakgoot', 'Plaatsen stopcontacten', 'Onderhoud ketel', 'Vervangen kraan', 'Nazicht vochtprobleem', 'Plaatsen deur', 'Schilderwerk herstelling'];
export const ASSIGNMENT_STATUSES = ['Open', 'Gepland', 'In uitvoering', 'Uitgevoerd', 'Afgewerkt'];
export const FUNCTIONS = ['Metser', 'Tegelzetter', 'Loodgieter', 'Elektricien', 'Schilder', 'Schrijnwerker', 'Werfleider', 'Dakwerker'];
