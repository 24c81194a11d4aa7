// Draws every chart whose Vega-Lite spec the page carries (<script type="application/json"
// id="<chart id>-spec">). Progressive enhancement: the data is always in a table as well.
document.querySelectorAll('.nzt-chart__canvas').forEach(function (el) {
  var source = document.getElementById(el.id + '-spec')
  if (!source || typeof vegaEmbed !== 'function') return
  vegaEmbed(el, JSON.parse(source.textContent), {
    actions: false,
    renderer: 'svg',
    // Under the Content-Security-Policy: no eval (Vega's expression interpreter instead) and no
    // injected <style> (vega-embed's default style and tooltip stylesheet are left out).
    ast: true,
    defaultStyle: false,
    tooltip: false
  })
    .then(function () { el.setAttribute('data-rendered', 'true') })
    .catch(function (error) { el.setAttribute('data-error', String(error)) })
})
