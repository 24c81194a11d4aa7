// The activity page's "Find a conversion factor": with JavaScript, the words box suggests
// published rows as you type (GOV.UK's accessible-autocomplete, shipped under
// static/vendor/accessible-autocomplete) and choosing one goes to the address the page's own
// "Use this factor" link has, so the one-figure form is filled exactly as without JavaScript.
// Without JavaScript, or if the library is missing, the plain search form is left as it is.
// Loaded as a file and given its address in a data- attribute: no inline script.
const form = document.querySelector('form[data-nzt-factor-choices]')
const words = form && form.querySelector('input[name="find-q"]')
const year = form && form.querySelector('input[name="find-year"]')

function escaped (text) {
  const span = document.createElement('span')
  span.textContent = text
  return span.innerHTML
}

if (words && year && window.accessibleAutocomplete) {
  const address = form.dataset.nztFactorChoices
  let waiting = null
  let said = ''
  const container = document.createElement('div')
  container.className = 'nzt-factor-autocomplete'
  words.parentNode.insertBefore(container, words)
  const typed = words.value
  const widthClass = Array.from(words.classList).filter((c) => c.startsWith('govuk-input--width-'))
  words.remove()
  window.accessibleAutocomplete({
    element: container,
    id: words.id,
    name: words.name,
    defaultValue: typed,
    minLength: 2,
    showNoOptionsFound: true,
    inputClasses: widthClass.join(' ') || null,
    source (query, populateResults) {
      clearTimeout(waiting)
      waiting = setTimeout(() => {
        const params = new URLSearchParams({ year: year.value, q: query })
        fetch(`${address}?${params}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then((response) => response.json())
          .then((answer) => {
            said = answer.message || (answer.errors || []).join(' ')
            populateResults(answer.results || [])
          })
          .catch(() => { said = 'The search did not answer: press Search factors.'; populateResults([]) })
      }, 200)
    },
    templates: {
      inputValue: (choice) => (choice && typeof choice === 'object' ? choice.label : (choice || '')),
      suggestion: (choice) => escaped(choice && typeof choice === 'object' ? choice.label : (choice || ''))
    },
    tNoResults: () => said || 'No conversion factor matches those words: try fewer or other words.',
    onConfirm (choice) {
      if (choice && choice.url) window.location.assign(choice.url)
    }
  })
}
