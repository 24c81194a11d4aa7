// Starts GOV.UK Frontend's components (loaded as a module at the end of <body>).
import { initAll } from '../govuk/govuk-frontend.min.js'
initAll()
