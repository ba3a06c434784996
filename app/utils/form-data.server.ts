import { unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from '@remix-run/node'

/** Text fields of a multipart form are short; anything longer is not a form this app sent. */
const MAX_TEXT_FIELD_BYTES = 100_000

export type ReadForm = { form: FormData; oversizedFiles: string[] }

export const isMultipart = (request: Request) => (request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')

/**
 * A form as sent, URL-encoded or multipart. Uploaded files are held in memory up to
 * `maxFileBytes`; a larger one is read to its end without being kept and its field named in
 * `oversizedFiles`, so the other fields still arrive and the form can say what was wrong.
 */
export async function readForm(request: Request, { maxFileBytes }: { maxFileBytes: number }): Promise<ReadForm> {
	if (!isMultipart(request)) return { form: await request.formData(), oversizedFiles: [] }
	const oversizedFiles: string[] = []
	const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
		const limit = filename === undefined ? MAX_TEXT_FIELD_BYTES : maxFileBytes
		const chunks: Array<Uint8Array<ArrayBuffer>> = []
		let size = 0
		for await (const chunk of data) {
			size += chunk.byteLength
			if (size <= limit) chunks.push(new Uint8Array(chunk))
		}
		if (size > limit) {
			if (filename === undefined) throw new Response(`The form field ${name} is too long.`, { status: 413 })
			oversizedFiles.push(name)
			return undefined
		}
		if (filename === undefined) return new TextDecoder().decode(Buffer.concat(chunks))
		return new File(chunks, filename, { type: contentType })
	}
	return { form: await parseMultipartFormData(request, handler), oversizedFiles }
}
