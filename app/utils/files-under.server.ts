import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Every file below `root`, as '/'-separated paths relative to it, in name order. */
export function filesUnder(root: string, prefix = ''): string[] {
	return readdirSync(path.join(root, prefix), { withFileTypes: true })
		.sort((a, b) => a.name.localeCompare(b.name))
		.flatMap((entry) => {
			const relative = prefix ? `${prefix}/${entry.name}` : entry.name
			return entry.isDirectory() ? filesUnder(root, relative) : entry.isFile() ? [relative] : []
		})
}
