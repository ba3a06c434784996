import { useState, type ReactNode } from 'react'

/**
 * A submit button that asks once, in place, before a change its author cannot take back. `ask`
 * reads the form as filled in and returns the question, or null when no question is needed.
 * Without JavaScript the button submits at once.
 */
export function ConfirmSubmit({ children, ask, confirmLabel, className, disabled }: { children: ReactNode; ask: (form: HTMLFormElement) => string | null; confirmLabel: (form: HTMLFormElement) => string; className?: string; disabled?: boolean }) {
	const [question, setQuestion] = useState<{ text: string; confirm: string } | null>(null)
	if (!question) {
		return (
			<button
				type="submit"
				className={className}
				disabled={disabled}
				onClick={(event) => {
					const form = event.currentTarget.form
					const text = form ? ask(form) : null
					// Let the browser check the form first: asking about a form it would refuse helps nobody.
					if (!form || !text || !form.reportValidity()) return
					event.preventDefault()
					setQuestion({ text, confirm: confirmLabel(form) })
				}}
			>
				{children}
			</button>
		)
	}
	return (
		<div className="confirm" role="group" aria-label="Confirm">
			<p role="alert">{question.text}</p>
			<div className="toolbar">
				<button type="submit" className={className} disabled={disabled}>
					{question.confirm}
				</button>
				<button type="button" className="secondary" onClick={() => setQuestion(null)}>
					Cancel
				</button>
			</div>
		</div>
	)
}
