import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'

/**
 * Renders module text. Raw HTML is dropped, never rendered, so content cannot inject markup or
 * scripts; react-markdown also neutralises javascript: links.
 */
export function ModuleMarkdown({ children }: { children: string }) {
	return (
		<div className="prose">
			<Markdown remarkPlugins={[remarkGfm]} skipHtml components={{ h2: 'h3', h3: 'h4', h4: 'h5' }}>
				{children}
			</Markdown>
		</div>
	)
}
