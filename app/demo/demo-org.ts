/** The demo organisation: two business lines, four regions each, twelve teams. */
export const demoBusinessLines = [
	{ code: 'SPS', name: 'Secure Power Services' },
	{ code: 'PS', name: 'Power Services' },
] as const

export const demoRegions = [
	{ code: 'EMEA', name: 'EMEA' },
	{ code: 'NA', name: 'North America' },
	{ code: 'APAC', name: 'APAC' },
	{ code: 'LATAM', name: 'Latin America' },
] as const

/** Teams per business line and region; the first EMEA team of SPS holds the named demo reps. */
export const demoTeams: Array<{ businessLine: string; region: string; code: string; name: string }> = [
	{ businessLine: 'SPS', region: 'EMEA', code: 'NORTH', name: 'EMEA North' },
	{ businessLine: 'SPS', region: 'EMEA', code: 'SOUTH', name: 'EMEA South' },
	{ businessLine: 'SPS', region: 'NA', code: 'EAST', name: 'North America East' },
	{ businessLine: 'SPS', region: 'NA', code: 'WEST', name: 'North America West' },
	{ businessLine: 'SPS', region: 'APAC', code: 'PACIFIC', name: 'APAC Pacific' },
	{ businessLine: 'SPS', region: 'LATAM', code: 'SOUTHCONE', name: 'Latin America Southern Cone' },
	{ businessLine: 'PS', region: 'EMEA', code: 'CENTRAL', name: 'EMEA Central' },
	{ businessLine: 'PS', region: 'EMEA', code: 'GULF', name: 'EMEA Gulf' },
	{ businessLine: 'PS', region: 'NA', code: 'CENTRAL', name: 'North America Central' },
	{ businessLine: 'PS', region: 'APAC', code: 'NORTH', name: 'APAC North' },
	{ businessLine: 'PS', region: 'APAC', code: 'SOUTH', name: 'APAC South' },
	{ businessLine: 'PS', region: 'LATAM', code: 'ANDES', name: 'Latin America Andes' },
]

export const regionCode = (businessLine: string, region: string) => `${businessLine}-${region}`
export const teamCode = (team: (typeof demoTeams)[number]) => `${team.businessLine}-${team.region}-${team.code}`

export const firstNames = [
	'Amira', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Keiko', 'Luis',
	'Maya', 'Nikolai', 'Olu', 'Priya', 'Quentin', 'Rosa', 'Samir', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena',
	'Yusuf', 'Zofia', 'Andre', 'Bianca', 'Chen', 'Dara', 'Emeka', 'Freya', 'Gabriel', 'Hana', 'Ivan', 'Julia',
] as const

export const lastNames = [
	'Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Rossi', 'Haddad', 'Nakamura', 'Silva', 'Kowalski', 'Mensah',
	'Fischer', 'Garcia', 'Novak', 'Ibrahim', 'Tanaka', 'Dubois', 'Ahmed', 'Costa', 'Jensen', 'Kim', 'Larsen',
	'Mwangi', 'Oliveira', 'Petrov', 'Quinn', 'Reyes', 'Schmidt', 'Takahashi', 'Usman', 'Varga', 'Walsh', 'Yilmaz',
] as const
