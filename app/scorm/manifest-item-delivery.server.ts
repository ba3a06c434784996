import { defaults, type ItemDeliveryXml } from './manifest-sequencing-xml.server.ts'
import { readBoolean, readDecimal, readFlags, readToken, requireAttribute, type Report } from './manifest-values.server.ts'
import { hideLmsUiTokens } from './sequencing-settings.ts'

/** The ADL CP and ADL NAV elements of a SCORM 2004 item that say how the LMS delivers it. */

const timeLimitActions = ['exit,message', 'exit,no message', 'continue,message', 'continue,no message'] as const

function readCompletionThreshold(xml: ItemDeliveryXml['adlcp:completionThreshold'], report: Report) {
	const written = xml?.['#text']?.trim()
	const hasAttributes = [xml?.['@completedByMeasure'], xml?.['@minProgressMeasure'], xml?.['@progressWeight']].some((value) => value !== undefined)
	// 3rd edition wrote the threshold as the element's text: completion is decided by progress.
	if (written && !hasAttributes) {
		return { completedByMeasure: true, minProgressMeasure: readDecimal(written, { min: 0, max: 1, fallback: 1, what: 'adlcp:completionThreshold' }, report), progressWeight: 1 }
	}
	return {
		completedByMeasure: readBoolean(xml?.['@completedByMeasure'], false, 'adlcp:completionThreshold completedByMeasure', report),
		minProgressMeasure: readDecimal(xml?.['@minProgressMeasure'], { min: 0, max: 1, fallback: 1, what: 'adlcp:completionThreshold minProgressMeasure' }, report),
		progressWeight: readDecimal(xml?.['@progressWeight'], { min: 0, max: 1, fallback: 1, what: 'adlcp:completionThreshold progressWeight' }, report),
	}
}

/** The item's delivery settings outside `<imsss:sequencing>`: completion threshold, hidden LMS controls, time limit action, shared data. */
export function readItemDelivery(xml: ItemDeliveryXml, report: Report) {
	const hidden = (xml['adlnav:presentation']?.['adlnav:navigationInterface']?.['adlnav:hideLMSUI'] ?? []).map((token) => readToken(token, hideLmsUiTokens, 'continue', 'adlnav:hideLMSUI', report))
	const timeLimitAction = xml['adlcp:timeLimitAction']
	return {
		completionThreshold: readCompletionThreshold(xml['adlcp:completionThreshold'], report),
		hideLmsUi: [...new Set(hidden)],
		timeLimitAction: timeLimitAction === undefined ? null : readToken(timeLimitAction, timeLimitActions, 'continue,no message', 'adlcp:timeLimitAction', report),
		sharedDataMaps: (xml['adlcp:data']?.['adlcp:map'] ?? []).flatMap((map) => {
			const targetID = requireAttribute(map['@targetID'], { element: 'adlcp:map', attribute: 'targetID' }, report)
			return targetID === null ? [] : [{ targetID, ...readFlags(map, defaults.sharedDataMap, 'adlcp:map', report) }]
		}),
	}
}
