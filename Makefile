# Two commands matter on a fresh machine:  `make run`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test sysdeps sysdeps-test lint models data bench bundle bundle-check release clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,build]'
	touch $(STAMP)

sysdeps:
	@sh tools/sysdeps.sh app

sysdeps-test:
	@sh tools/sysdeps.sh test

run: sysdeps $(STAMP)
	$(BIN)/parallax gui

test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -ra

lint: $(STAMP)
	$(BIN)/ruff check analysis desktop tests tools benchmarks packaging
	$(BIN)/ruff check --extension spec:python build.spec
	$(BIN)/lint-imports

data: $(STAMP)
	$(BIN)/python -m tools.build_training_data

models: $(STAMP)
	$(BIN)/python -m tools.train_shipped_models

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

bundle: sysdeps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bundle-check: bundle
	sh tools/check_bundle.sh

release: bundle-check
	sh packaging/release.sh

clean:
	rm -rf build dist
