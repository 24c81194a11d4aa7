// Warns before leaving a form whose text was changed and not saved (forms marked
// data-nzt-warn-unsaved). Without JavaScript nothing changes: the form still works, it just
// cannot warn. Loaded as a file, so the Content-Security-Policy needs no inline script.
for (const form of document.querySelectorAll('form[data-nzt-warn-unsaved]')) {
  const saved = new URLSearchParams(new FormData(form)).toString()
  let submitting = false
  form.addEventListener('submit', () => { submitting = true })
  window.addEventListener('beforeunload', (event) => {
    if (submitting) return
    if (new URLSearchParams(new FormData(form)).toString() === saved) return
    event.preventDefault()
    event.returnValue = '' // older browsers show their own words: "Leave site? Changes you made may not be saved."
  })
}
