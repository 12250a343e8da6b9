# Dossier: the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is a building block of those two.

GO      ?= go
BIN     := bin/dossier
NEO4J   := deploy/neo4j/neo4j.sh
CORPUS  ?= data/seeds

# The local server of `make run` (the analyst's graph), with the Browser
# settings that open Dossier's guide on connect.
export DOSSIER_NEO4J_PASSWORD ?= dossier-local
export DOSSIER_NEO4J_EXTRA_CONF ?= $(CURDIR)/deploy/neo4j/browser.conf
NEO4J_BOLT_PORT ?= 7687
NEO4J_HTTP_PORT ?= 7474

# `make test` never touches that graph: it gets its own server (testcontainers
# when a Docker engine answers, else a second local server on other ports).
TEST_HOME      := $(CURDIR)/deploy/neo4j/.home-test
TEST_BOLT_PORT ?= 7697
TEST_HTTP_PORT ?= 7484

.PHONY: run build test unit vet fuzz bench test-browser neo4j-start neo4j-stop neo4j-status guide-start guide-stop clean

## run: set everything up, load data/seeds (or CORPUS=DIR) into the local Neo4j, sum it up, print where to look
run: build neo4j-start
	$(BIN) load --neo4j-uri bolt://127.0.0.1:$(NEO4J_BOLT_PORT) $(CORPUS)
	@$(MAKE) --no-print-directory guide-start
	@echo
	@$(BIN) overview --neo4j-uri bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
	@echo
	@echo "Neo4j Browser: http://127.0.0.1:$(NEO4J_HTTP_PORT)/browser/"
	@echo "  connect to bolt://127.0.0.1:$(NEO4J_BOLT_PORT) as $$($(NEO4J) password | head -n1)"
	@echo "  the guide of saved queries opens on connect (served by dossier on $(GUIDE_ADDR))"
	@echo "  or from a shell: $(BIN) query --list"

# The Browser guide and style, served by dossier in the background.
GUIDE_ADDR ?= 127.0.0.1:8765
GUIDE_LOG  := deploy/neo4j/.home/logs/guide.log
guide-start: build
	@if curl -fsS -o /dev/null http://$(GUIDE_ADDR)/guide.html 2>/dev/null; then \
		echo "guide: already served on $(GUIDE_ADDR)"; \
	else \
		mkdir -p $(dir $(GUIDE_LOG)); \
		nohup $(BIN) browser serve --addr $(GUIDE_ADDR) >$(GUIDE_LOG) 2>&1 & echo $$! > deploy/neo4j/.home/run/guide.pid; \
		echo "guide: serving on $(GUIDE_ADDR) (log $(GUIDE_LOG))"; \
	fi

guide-stop:
	@if [ -f deploy/neo4j/.home/run/guide.pid ]; then kill $$(cat deploy/neo4j/.home/run/guide.pid) 2>/dev/null || true; rm -f deploy/neo4j/.home/run/guide.pid; fi

build:
	$(GO) build -o $(BIN) ./cmd/dossier

## test: every test, the ones against a real Neo4j included (they fail rather than skip)
# go test's limit per package binary, set rather than go's default 10m: the
# slowest package (graph/reload) takes minutes on a quiet 2-core machine and
# was seen at 10 min with the machine at load 20.
TEST_TIMEOUT ?= 20m
test: vet
	DOSSIER_REQUIRE_NEO4J=1 ./deploy/with-test-neo4j.sh $(GO) test -p 1 -count=1 -timeout $(TEST_TIMEOUT) ./...

unit: vet
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

vet:
	$(GO) vet ./...

## fuzz: the extractor's fuzz target, for a bounded time
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./extract/

## test-browser: log in to Neo4j Browser in headless Chromium, open the guide, run a saved query
test-browser:
	./deploy/test-browser.sh

## bench: `dossier extract` end to end on a generated 50 MB corpus (MB/s wall, CPU-s/MB, peak RSS),
## Bolt load elements/s (synthetic 101k, generated corpus ~100k and ~1M elements) and a first sync's (~100k),
## neo4j-admin bulk import elements/s of the ~1M-element graph's `dossier export` files next to a Bolt load of it,
## extraction MB/s in process, load elements/s, reload of 1,000 and 10,000 documents unchanged / one changed
## with the extraction cache / one changed without it (these need a server)
bench:
	$(GO) test -run '^$$' -bench CLIExtract -benchtime 1x ./cmd/dossier/
	$(GO) test -run '^$$' -bench . -benchmem ./extract/
	./deploy/with-test-neo4j.sh $(GO) test -run '^$$' -bench 'Load|FirstSync' -benchtime 1x ./graph/
	DOSSIER_BENCH_MB=50 ./deploy/with-test-neo4j.sh $(GO) test -timeout 60m -run '^$$' -bench 'LoadCorpus|BulkImport' -benchtime 1x ./graph/
	./deploy/with-test-neo4j.sh $(GO) test -timeout 30m -run '^$$' -bench Reload -benchtime 5x ./graph/reload/

neo4j-start:
	NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) $(NEO4J) start
	NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) $(NEO4J) wait

neo4j-stop: guide-stop
	NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) $(NEO4J) stop

neo4j-status:
	NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) $(NEO4J) status

clean:
	rm -rf bin
