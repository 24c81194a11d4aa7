# Net Zero Tracker. The two commands: `make demo` and `make test`.
.PHONY: demo test lint format assets bench load national mutation clean

demo:  ## Install, load the seed demo into an embedded SQLite database and serve on 127.0.0.1:8000
	bash scripts/venv.sh
	.venv/bin/netzero demo

test:  ## The whole suite: lint, then every test on SQLite and again on PostgreSQL 15
	bash scripts/venv.sh dev
	bash scripts/test.sh

lint:
	bash scripts/venv.sh dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

assets:  ## Rebuild the shipped GOV.UK Frontend CSS/JS from npm (only after changing assets/)
	bash scripts/build-assets.sh

bench:  ## Dashboard timings on SQLite and PostgreSQL (see bench/README.md)
	bash scripts/venv.sh dev
	bash bench/run.sh

load:  ## The load benchmark: netzero serve under readers and writers, SQLite and PostgreSQL (bench/README.md)
	bash scripts/venv.sh dev
	bash bench/load.sh

national:  ## The national benchmark: 400 organisations on PostgreSQL under 20 public readers (bench/README.md)
	bash scripts/venv.sh dev
	bash bench/national.sh

mutation:  ## Mutation testing of the core modules, with per-module scores (slow; see docs/testing.md)
	bash scripts/venv.sh mutation
	bash scripts/mutation.sh

clean:
	rm -rf .venv var mutants node_modules .pytest_cache .ruff_cache
