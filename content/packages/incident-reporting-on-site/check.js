/*
 * Check SCO: five questions, SCORM 2004 score, completion and interactions.
 * Success status is deliberately not set: the LMS compares cmi.score.scaled with the
 * manifest's minNormalizedMeasure.
 */
;(function () {
	'use strict'

	const PASS_PERCENT = 80
	const LOCATION = 'check'
	const OPTIONS = ['a', 'b', 'c', 'd']
	const QUESTIONS = [
		{ id: 'incident-q1-unknown-account', name: 'q1', key: 'b' },
		{ id: 'incident-q2-ransom-message', name: 'q2', key: 'c' },
		{ id: 'incident-q3-who-to-report-to', name: 'q3', key: 'a' },
		{ id: 'incident-q4-service-laptop', name: 'q4', key: 'd' },
		{ id: 'incident-q5-incident-notes', name: 'q5', key: 'b' },
	]

	const scorm = window.FieldReadyScorm
	const lms = scorm.connectAndStart()
	const byId = (id) => document.getElementById(id)

	const ui = {
		form: byId('check-form'),
		heading: byId('check-title'),
		message: byId('check-message'),
		results: byId('results'),
		summary: byId('results-summary'),
		advice: byId('results-advice'),
		submit: byId('submit-button'),
		retry: byId('retry-button'),
		finish: byId('finish-button'),
	}

	const state = {
		answers: QUESTIONS.map(() => null),
		submitted: false,
		ended: false,
	}

	// Once the check has been submitted, it never reports "incomplete" again.
	let completed = false

	function radiosOf(question) {
		return Array.from(ui.form.querySelectorAll(`input[name="${question.name}"]`))
	}

	function readAnswers() {
		return QUESTIONS.map((question) => {
			const checked = radiosOf(question).find((radio) => radio.checked)
			return checked ? checked.value : null
		})
	}

	function writeAnswers(answers) {
		QUESTIONS.forEach((question, index) => {
			radiosOf(question).forEach((radio) => {
				radio.checked = radio.value === answers[index]
			})
		})
	}

	function setInputsDisabled(disabled) {
		ui.form.querySelectorAll('input').forEach((input) => {
			input.disabled = disabled
		})
	}

	function suspendData() {
		return JSON.stringify({ v: 1, answers: state.answers, submitted: state.submitted })
	}

	function saveProgress() {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.location', LOCATION)
		lms.set('cmi.suspend_data', suspendData())
		if (!completed) lms.set('cmi.completion_status', 'incomplete')
		lms.commit()
	}

	function grade(answers) {
		const correct = QUESTIONS.filter((question, index) => answers[index] === question.key).length
		return { correct, percent: Math.round((correct * 100) / QUESTIONS.length), scaled: correct / QUESTIONS.length }
	}

	function feedbackOf(fieldset) {
		let feedback = fieldset.querySelector('.feedback')
		if (!feedback) {
			feedback = document.createElement('p')
			feedback.className = 'feedback'
			fieldset.appendChild(feedback)
		}
		return feedback
	}

	function renderResults() {
		const result = grade(state.answers)
		QUESTIONS.forEach((question, index) => {
			const isCorrect = state.answers[index] === question.key
			const feedback = feedbackOf(ui.form.querySelector(`[data-question="${index + 1}"]`))
			feedback.textContent = isCorrect ? 'Correct' : 'Not correct'
			feedback.classList.toggle('is-correct', isCorrect)
			feedback.classList.toggle('is-wrong', !isCorrect)
		})
		ui.summary.textContent = `Results: ${result.correct} of ${QUESTIONS.length} correct (${result.percent}%)`
		ui.advice.textContent =
			result.percent >= PASS_PERCENT
				? `You reached the pass mark of ${PASS_PERCENT}%. Select Finish to close the check.`
				: `The pass mark is ${PASS_PERCENT}%. Think again about the questions marked "Not correct", then select Try again.`
		ui.results.hidden = false
		ui.submit.hidden = true
		ui.retry.hidden = result.percent >= PASS_PERCENT
		ui.finish.hidden = false
		setInputsDisabled(true)
		return result
	}

	function recordResults({ percent, scaled }) {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.score.min', '0')
		lms.set('cmi.score.max', '100')
		lms.set('cmi.score.raw', String(percent))
		lms.set('cmi.score.scaled', String(scaled))
		lms.set('cmi.completion_status', 'completed')
		completed = true
		const counted = Number.parseInt(lms.get('cmi.interactions._count'), 10)
		const first = Number.isInteger(counted) && counted > 0 ? counted : 0
		QUESTIONS.forEach((question, index) => {
			const prefix = `cmi.interactions.${first + index}.`
			// The id and type must be set before the response.
			lms.set(`${prefix}id`, question.id)
			lms.set(`${prefix}type`, 'choice')
			lms.set(`${prefix}learner_response`, state.answers[index])
			lms.set(`${prefix}result`, state.answers[index] === question.key ? 'correct' : 'incorrect')
		})
		lms.set('cmi.location', LOCATION)
		lms.set('cmi.suspend_data', suspendData())
		lms.commit()
	}

	function submitAnswers() {
		if (state.ended || state.submitted) return
		state.answers = readAnswers()
		const missing = QUESTIONS.map((question, index) => index + 1).filter((number) => state.answers[number - 1] === null)
		if (missing.length > 0) {
			ui.message.textContent = `Please answer every question before submitting. Still to answer: ${missing.join(', ')}.`
			return
		}
		ui.message.textContent = ''
		state.submitted = true
		recordResults(renderResults())
		ui.summary.setAttribute('tabindex', '-1')
		ui.summary.focus()
	}

	function tryAgain() {
		if (state.ended) return
		state.submitted = false
		state.answers = QUESTIONS.map(() => null)
		writeAnswers(state.answers)
		setInputsDisabled(false)
		ui.form.querySelectorAll('.feedback').forEach((feedback) => feedback.remove())
		ui.message.textContent = ''
		ui.results.hidden = true
		ui.submit.hidden = false
		ui.retry.hidden = true
		ui.finish.hidden = true
		window.scrollTo(0, 0)
		ui.heading.focus()
		saveProgress()
	}

	function finishCheck() {
		if (state.ended) return
		state.ended = true
		const recorded = lms.initialized && !lms.terminated
		lms.terminate('normal')
		;[ui.submit, ui.retry, ui.finish].forEach((button) => {
			button.disabled = true
		})
		ui.message.textContent = recorded
			? 'Session ended. Your results have been sent to FieldReady. You can close this module now.'
			: 'Session ended. Nothing was recorded, because no learning system is connected.'
	}

	function suspendOnLeave() {
		if (!lms.initialized || lms.terminated) return
		if (!state.submitted) state.answers = readAnswers()
		lms.set('cmi.location', LOCATION)
		lms.set('cmi.suspend_data', suspendData())
		lms.terminate('suspend')
	}

	function restore(saved) {
		if (Array.isArray(saved.answers)) {
			state.answers = QUESTIONS.map((question, index) => (OPTIONS.includes(saved.answers[index]) ? saved.answers[index] : null))
		}
		writeAnswers(state.answers)
		if (saved.submitted === true && state.answers.every((answer) => answer !== null)) {
			state.submitted = true
			renderResults()
		}
	}

	function start() {
		ui.submit.addEventListener('click', submitAnswers)
		ui.retry.addEventListener('click', tryAgain)
		ui.finish.addEventListener('click', finishCheck)
		ui.form.addEventListener('submit', (event) => event.preventDefault())
		ui.form.addEventListener('change', () => {
			if (state.submitted || state.ended) return
			state.answers = readAnswers()
			saveProgress()
		})
		window.addEventListener('pagehide', suspendOnLeave)

		if (lms.initialized) {
			completed = lms.get('cmi.completion_status') === 'completed'
			// Only one location is ever stored; anything else is data this SCO did not write.
			const location = lms.get('cmi.location')
			if (lms.get('cmi.entry') === 'resume' && (location === LOCATION || location === '')) {
				restore(scorm.parseSuspendData(lms.get('cmi.suspend_data')))
			}
		}
		saveProgress()
	}

	start()
})()
