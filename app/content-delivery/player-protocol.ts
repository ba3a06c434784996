// zod/mini: this module is bundled into the course wrapper, where full zod would outweigh the SCORM runtime itself.
import * as z from 'zod/mini'

/**
 * The one channel between the player page (app origin) and the course wrapper (content origin).
 * The app sends navigation requests; the wrapper sends what the page shows. Tracking data never
 * crosses it: the wrapper commits to its own origin. Each side checks the other's origin, and the
 * app treats everything it receives as untrusted display data, since package scripts share the
 * wrapper's origin and can post as it.
 */
export const PLAYER_CHANNEL = 'fieldready-player'

export const navigationRequests = ['start', 'continue', 'previous', 'choice', 'exitAll', 'suspendAll'] as const
export type NavigationRequest = (typeof navigationRequests)[number]

const itemId = z.string().check(z.minLength(1), z.maxLength(200))
const text = (max: number) => z.string().check(z.maxLength(max))

export const navigateMessageSchema = z.object({
	channel: z.literal(PLAYER_CHANNEL),
	type: z.literal('navigate'),
	request: z.enum(navigationRequests),
	target: z.optional(itemId),
})
export type NavigateMessage = z.infer<typeof navigateMessageSchema>

/** What the learner is told about saving; a failure is never silent. */
export const saveStateSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('idle') }),
	z.object({ kind: z.literal('saved') }),
	z.object({ kind: z.literal('retrying'), message: text(500) }),
	z.object({ kind: z.literal('failed'), message: text(500) }),
])
export type SaveState = z.infer<typeof saveStateSchema>

export const itemProgressSchema = z.object({
	completion: z.enum(['completed', 'incomplete', 'not attempted']),
	success: z.enum(['passed', 'failed', 'unknown']),
})
export type ItemProgress = z.infer<typeof itemProgressSchema>

/**
 * `playing`: a SCO or asset is open. `between`: the open one finished and nothing else was
 * delivered yet. `ended`: the sequencing session ended (the course is done, or the learner left it).
 */
export const playerViewSchema = z.object({
	phase: z.enum(['opening', 'playing', 'between', 'ended']),
	ended: z.nullable(z.enum(['completed', 'suspended', 'exited', 'nothing-to-open'])),
	current: z.nullable(z.object({ id: itemId, title: text(500) })),
	controls: z.object({ previous: z.boolean(), continue: z.boolean(), exit: z.boolean(), suspend: z.boolean() }),
	selectable: z.array(itemId).check(z.maxLength(5000)),
	progress: z.record(itemId, itemProgressSchema),
	save: saveStateSchema,
	problem: z.nullable(text(1000)),
	/** The server's verdict on the whole attempt after the latest save. */
	standing: z.nullable(z.object({ completion: text(40), success: text(40), satisfied: z.boolean() })),
})
export type PlayerView = z.infer<typeof playerViewSchema>

export const viewMessageSchema = z.object({ channel: z.literal(PLAYER_CHANNEL), type: z.literal('view'), view: playerViewSchema })
export type ViewMessage = z.infer<typeof viewMessageSchema>

/** SCORM's "general commit failure": what a SCO is told when its commit was not recorded. */
export const COMMIT_FAILED = 391

/**
 * A page being left can send only 64 KiB (sendBeacon's limit); a body larger than that goes
 * raw-deflated and base64-encoded in this envelope, which the content origin unwraps.
 */
export const deflatedBodySchema = z.object({ deflated: z.string() })
export const BEACON_LIMIT_BYTES = 60_000
