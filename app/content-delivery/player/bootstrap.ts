import { type Settings } from 'scorm-again'
import { type ItemProgress } from '../player-protocol.ts'

export type SequencingSettings = NonNullable<Settings['sequencing']>

/** A launchable item of the package, in contents order. */
export type OutlineItem = {
	id: string
	title: string
	/** Hidden items (isvisible="false") are launched only by sequencing, never offered. */
	visible: boolean
	kind: 'sco' | 'asset'
	/** SCORM 1.2 `adlcp:prerequisites`, as written. */
	prerequisites: string | null
}

/** Everything the wrapper page needs to start playing one attempt; the content listener embeds it in the page. */
export type PlayerBootstrap = {
	/** The app origin that frames the wrapper: the only one it talks to. */
	appOrigin: string
	/** Where this attempt's runtime endpoints and files live on the content origin (`/s/<token>`). */
	basePath: string
	family: '1.2' | '2004'
	/** The organization: the root of the activity tree. */
	rootId: string
	outline: OutlineItem[]
	progress: Record<string, ItemProgress>
	/** SCORM 1.2: the item the learner had open last. */
	resumeAt: string | null
	/** SCORM 2004: the activity tree and rules for scorm-again's sequencing engine. */
	sequencing: SequencingSettings | null
	/** SCORM 2004: the engine's state as saved at the end of the last visit. */
	sequencingState: string | null
}

/** One SCO (or asset) session the server opened: the state the runtime starts from. */
export type LaunchedSco = {
	launchId: string
	scoId: string
	title: string
	kind: 'sco' | 'asset'
	/** Relative to the content origin. */
	launchUrl: string
	cmi: Record<string, unknown>
}

/** The server's answer to a commit or a sequencing save. */
export type CommitAnswer = {
	completion: string
	success: string
	satisfied: boolean
	/** The committed item's own progress, for the contents list. */
	item?: { id: string } & ItemProgress
}
