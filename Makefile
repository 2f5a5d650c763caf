# cogd — the two commands a newcomer needs are `make demo` and `make test`.
GO      ?= go
PKGS    ?= ./...
BENCH   ?= .
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build run demo cc-check test bench bench-e2e profile lint fmt fuzz mutate chaos clean

build: ## build bin/cogd
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/cogd ./cmd/cogd

run: build ## run against Discord (needs DISCORD_TOKEN in the environment or .env)
	./bin/cogd run

demo: cc-check ## the bot against a local emulator, with a console (DEMO_FLAGS=--keep keeps the last run's database)
	@test -x bin/cogd || echo "building cogd (first build takes a few minutes)…"
	@CGO_ENABLED=1 $(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/cogd ./cmd/cogd
	@./bin/cogd demo $(DEMO_FLAGS)

# cc-check: cgo builds the SQLite driver, and Go silently builds without cgo
# when its C compiler (go env CC) is missing; the binary would then fail at
# start with go-sqlite3's "CGO_ENABLED=0 … This is a stub".
cc-check:
	@cc="$$($(GO) env CC)"; cc="$${cc%% *}"; \
	if ! command -v "$${cc:-gcc}" >/dev/null 2>&1; then \
		echo "cogd needs a C compiler to build its SQLite driver (cgo), and \"$${cc:-gcc}\" is not on PATH."; \
		echo "Install one:"; \
		echo "  Debian/Ubuntu:  sudo apt-get install gcc"; \
		echo "  Fedora:         sudo dnf install gcc"; \
		echo "  macOS:          xcode-select --install"; \
		echo "(or point CC at the compiler you have: CC=clang make demo)"; \
		exit 1; \
	fi

test: lint ## gofmt check, go vet, and every test with the race detector (SQLite, and PostgreSQL at COGD_TEST_POSTGRES_URL)
	@if [ -n "$$COGD_TEST_POSTGRES_URL" ]; then \
		echo "PostgreSQL leg: running against $$(printf %s "$$COGD_TEST_POSTGRES_URL" | sed 's#//[^@]*@#//#; s#?.*##')"; \
	elif [ "$$CI" = true ]; then \
		echo "PostgreSQL leg: COGD_TEST_POSTGRES_URL is not set and CI=true: the PostgreSQL tests will fail"; \
	else \
		echo "PostgreSQL leg skipped: set COGD_TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/db?sslmode=disable, or run bash .ci/run (installs and starts PostgreSQL)"; \
	fi
	$(GO) test -race -count=1 $(PKGS)
	@if [ -n "$$COGD_TEST_POSTGRES_URL" ]; then \
		echo "PostgreSQL leg: the moderation end-to-end suite again, on PostgreSQL"; \
		COGD_TEST_MODERATION_BACKEND=postgres $(GO) test -race -count=1 ./cogs/moderation/; \
	fi

lint: ## gofmt and go vet must be clean
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w .

bench: ## benchmarks (numbers go in the README)
	$(GO) test -run='^$$' -bench='$(BENCH)' -benchmem $(PKGS)

bench-e2e: build ## cogd vs a bare discordgo bot, each a process against the emulator: one table (README)
	$(GO) build -o bin/barebot ./cmd/barebot
	$(GO) run ./cmd/benche2e -cogd bin/cogd -bare bin/barebot $(BENCHE2E_FLAGS)

profile: build ## CPU and heap profiles of cogd under the bench-e2e load, in bin/profile
	$(GO) run ./cmd/benche2e -cogd bin/cogd -profile bin/profile $(BENCHE2E_FLAGS)
	$(GO) tool pprof -top -nodecount=10 bin/cogd bin/profile/cpu-commands.pprof
	$(GO) tool pprof -top -nodecount=10 -sample_index=inuse_space bin/cogd bin/profile/heap-guilds.pprof

fuzz: ## every fuzz target (discovered with go test -list) for FUZZTIME each, default 60s
	GO=$(GO) bash .ci/fuzz $(or $(FUZZTIME),60s)

mutate: ## apply .ci/mutations.txt one at a time; fails when a mutation survives (MUTATE_FLAGS=-only NAME)
	$(GO) run ./cmd/mutate $(MUTATE_FLAGS)

chaos: ## end-to-end scenarios under injected faults, seeded (CHAOS_SEED=1,2,3 replays; CHAOS_ROUNDS, default 60); not in CI
	COGD_CHAOS=1 CHAOS_SEED=$(CHAOS_SEED) CHAOS_ROUNDS=$(CHAOS_ROUNDS) $(GO) test -race -count=1 -v -timeout 30m -run '^TestChaos$$' ./internal/chaos/

clean:
	rm -rf bin
