/*
 * "Removable Media and Portable Tools on Site": page navigation, knowledge check and
 * SCORM 1.2 tracking. Loaded after shared.js.
 */
;(function () {
	'use strict'

	const PAGE_COUNT = 5
	const CHECK_PAGE = 5
	const PASS_PERCENT = 80
	const OPTIONS = ['a', 'b', 'c', 'd']
	const QUESTIONS = [
		{ id: 'removable-media-q1-colleague-stick', name: 'q1', key: 'c' },
		{ id: 'removable-media-q2-scanning-station', name: 'q2', key: 'a' },
		{ id: 'removable-media-q3-scan-detection', name: 'q3', key: 'd' },
		{ id: 'removable-media-q4-service-laptop', name: 'q4', key: 'c' },
		{ id: 'removable-media-q5-visit-record', name: 'q5', key: 'b' },
	]

	const lms = window.FieldReadyScorm.connect()
	const byId = (id) => document.getElementById(id)

	const ui = {
		course: byId('course'),
		progress: byId('progress'),
		notice: byId('lms-notice'),
		pager: document.querySelector('.pager'),
		back: byId('back-button'),
		next: byId('next-button'),
		form: byId('check-form'),
		message: byId('check-message'),
		results: byId('results'),
		summary: byId('results-summary'),
		advice: byId('results-advice'),
		submit: byId('submit-button'),
		retry: byId('retry-button'),
		finish: byId('finish-button'),
	}

	const state = {
		page: 1,
		answers: QUESTIONS.map(() => null),
		submitted: false,
		ended: false,
	}

	// True once the LMS holds a completed, passed or failed status: from then on the SCO never
	// writes "incomplete" again, so reviewing pages cannot undo a finished check.
	let statusIsFinal = false

	function showNotice(text) {
		ui.notice.textContent = text
		ui.notice.hidden = false
	}

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
		return JSON.stringify({ v: 1, page: state.page, answers: state.answers, submitted: state.submitted })
	}

	/** Location, suspend data and (until the check is done) "incomplete", then commit. */
	function saveProgress() {
		if (!lms.initialized || lms.finished) return
		lms.set('cmi.core.lesson_location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		if (!statusIsFinal) lms.set('cmi.core.lesson_status', 'incomplete')
		lms.commit()
	}

	function showPage(page, { focus = true } = {}) {
		state.page = Math.min(PAGE_COUNT, Math.max(1, page))
		for (let number = 1; number <= PAGE_COUNT; number += 1) {
			byId(`page-${number}`).hidden = number !== state.page
		}
		ui.course.setAttribute('data-page', `page-${state.page}`)
		ui.progress.textContent = `Page ${state.page} of ${PAGE_COUNT}`
		ui.back.hidden = state.page === 1
		ui.next.hidden = state.page === PAGE_COUNT
		if (focus) {
			window.scrollTo(0, 0)
			byId(`page-${state.page}-title`).focus()
		}
	}

	function goTo(page) {
		if (state.ended) return
		showPage(page)
		saveProgress()
	}

	function grade(answers) {
		const correct = QUESTIONS.filter((question, index) => answers[index] === question.key).length
		return { correct, percent: Math.round((correct * 100) / QUESTIONS.length) }
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

	function clearFeedback() {
		ui.form.querySelectorAll('.feedback').forEach((feedback) => feedback.remove())
	}

	function renderResults() {
		const { correct, percent } = grade(state.answers)
		QUESTIONS.forEach((question, index) => {
			const fieldset = ui.form.querySelector(`[data-question="${index + 1}"]`)
			const isCorrect = state.answers[index] === question.key
			const feedback = feedbackOf(fieldset)
			feedback.textContent = isCorrect ? 'Correct' : 'Not correct'
			feedback.classList.toggle('is-correct', isCorrect)
			feedback.classList.toggle('is-wrong', !isCorrect)
		})
		ui.summary.textContent = `Results: ${correct} of ${QUESTIONS.length} correct (${percent}%)`
		ui.advice.textContent =
			percent >= PASS_PERCENT
				? `You reached the pass mark of ${PASS_PERCENT}%. Select Finish to close the module.`
				: `The pass mark is ${PASS_PERCENT}%. Go Back to review the pages if you wish, then select Try again.`
		ui.results.hidden = false
		ui.submit.hidden = true
		ui.retry.hidden = percent >= PASS_PERCENT
		ui.finish.hidden = false
		setInputsDisabled(true)
		return { correct, percent }
	}

	function recordResults(percent) {
		if (!lms.initialized || lms.finished) return
		lms.set('cmi.core.score.min', '0')
		lms.set('cmi.core.score.max', '100')
		lms.set('cmi.core.score.raw', String(percent))
		// "completed", not passed/failed: the LMS compares the score with the mastery score.
		lms.set('cmi.core.lesson_status', 'completed')
		statusIsFinal = true
		const counted = Number.parseInt(lms.get('cmi.interactions._count'), 10)
		const first = Number.isInteger(counted) && counted > 0 ? counted : 0
		QUESTIONS.forEach((question, index) => {
			const prefix = `cmi.interactions.${first + index}.`
			lms.set(`${prefix}id`, question.id)
			lms.set(`${prefix}type`, 'choice')
			lms.set(`${prefix}student_response`, state.answers[index])
			lms.set(`${prefix}result`, state.answers[index] === question.key ? 'correct' : 'wrong')
		})
		lms.set('cmi.core.lesson_location', `page-${CHECK_PAGE}`)
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
		const { percent } = renderResults()
		recordResults(percent)
		ui.summary.setAttribute('tabindex', '-1')
		ui.summary.focus()
	}

	function tryAgain() {
		if (state.ended) return
		state.submitted = false
		state.answers = QUESTIONS.map(() => null)
		writeAnswers(state.answers)
		setInputsDisabled(false)
		clearFeedback()
		ui.message.textContent = ''
		ui.results.hidden = true
		ui.submit.hidden = false
		ui.retry.hidden = true
		ui.finish.hidden = true
		showPage(CHECK_PAGE)
		saveProgress()
	}

	function finishModule() {
		if (state.ended) return
		state.ended = true
		const recorded = lms.initialized && !lms.finished
		lms.finish('')
		;[ui.back, ui.next, ui.submit, ui.retry, ui.finish].forEach((button) => {
			button.disabled = true
		})
		ui.pager.hidden = true
		ui.message.textContent = recorded
			? 'Session ended. Your results have been sent to FieldReady. You can close this module now.'
			: 'Session ended. Nothing was recorded, because no learning system is connected.'
	}

	function suspendOnLeave() {
		if (!lms.initialized || lms.finished) return
		if (!state.submitted) state.answers = readAnswers()
		lms.set('cmi.core.lesson_location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		lms.finish('suspend')
	}

	function restore(location, data) {
		const saved = window.FieldReadyScorm.parseSuspendData(data)
		const fromLocation = /^page-(\d+)$/.exec(location)
		let page = fromLocation ? Number(fromLocation[1]) : Number(saved.page)
		if (!Number.isInteger(page) || page < 1 || page > PAGE_COUNT) page = 1
		if (Array.isArray(saved.answers)) {
			state.answers = QUESTIONS.map((question, index) => (OPTIONS.includes(saved.answers[index]) ? saved.answers[index] : null))
		}
		writeAnswers(state.answers)
		if (saved.submitted === true && state.answers.every((answer) => answer !== null)) {
			state.submitted = true
			renderResults()
		}
		showPage(page, { focus: false })
	}

	function start() {
		ui.back.addEventListener('click', () => goTo(state.page - 1))
		ui.next.addEventListener('click', () => goTo(state.page + 1))
		ui.submit.addEventListener('click', submitAnswers)
		ui.retry.addEventListener('click', tryAgain)
		ui.finish.addEventListener('click', finishModule)
		ui.form.addEventListener('submit', (event) => event.preventDefault())
		ui.form.addEventListener('change', () => {
			if (state.submitted || state.ended) return
			state.answers = readAnswers()
			saveProgress()
		})
		window.addEventListener('pagehide', suspendOnLeave)

		if (!lms.found) {
			showNotice('No learning system found: this page could not find the SCORM 1.2 API. You can read the module and try the check, but nothing will be recorded. Open the module from FieldReady to get credit.')
		} else if (!lms.initialize()) {
			const error = lms.lastError()
			showNotice(`The learning system did not start this session (LMSInitialize failed${error ? `, error ${error}` : ''}). Nothing will be recorded.`)
		}

		let resumed = false
		if (lms.initialized) {
			statusIsFinal = ['completed', 'passed', 'failed'].includes(lms.get('cmi.core.lesson_status'))
			if (lms.get('cmi.core.entry') === 'resume') {
				restore(lms.get('cmi.core.lesson_location'), lms.get('cmi.suspend_data'))
				resumed = true
			}
		}
		if (!resumed) showPage(1, { focus: false })
		saveProgress()
	}

	start()
})()
