// Marks the page as having JavaScript, as GOV.UK Frontend expects (loaded at the top of <body>,
// from a file rather than inline, so the Content-Security-Policy needs no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
