import { type PlayerBootstrap } from './player/bootstrap.ts'

// JSON inside <script> must not be able to close the element or open a comment.
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

/**
 * The page the player frames on the content origin. It holds the SCORM runtime (window.API /
 * window.API_1484_11) that SCOs find by walking window.parent, and the SCO's own frame.
 */
export function wrapperPage({ bootstrap, runtimeScript }: { bootstrap: PlayerBootstrap; runtimeScript: string }) {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Course</title>
<style>
html, body { margin: 0; height: 100%; font: 16px/1.5 system-ui, sans-serif; color: #1f2933; background: #fff; }
#sco-frame { display: block; border: 0; width: 100%; height: 100%; }
#sco-frame[hidden] { display: none; }
#player-status { padding: 1.5rem; }
#player-status:empty { display: none; }
</style>
<script type="application/json" id="fieldready-player-bootstrap">${scriptSafeJson(bootstrap)}</script>
<script src="/runtime/${runtimeScript}" defer></script>
</head>
<body>
<p id="player-status" role="status">Opening the course…</p>
<iframe id="sco-frame" title="Course content" hidden allow="fullscreen; autoplay"></iframe>
</body>
</html>
`
}
