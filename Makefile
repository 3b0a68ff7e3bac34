# Quick start and CI entry points. `make run` plans a day's routes for the bundled default city
# (Helsinki); `make test` runs the test suite, then the reference service's (Examples/RouteService);
# `make service` starts that service on port 8080; `make docs` builds the DocC documentation. All first
# install the C libraries the build links (GLPK and zlib) when they are missing.

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PLAN_ARGS ?= -o plan.json --geojson plan.geojson --svg plan.svg
SOLVE_ARGS ?= fixtures/vrplib/X-n101-k25.vrp --time-limit 5 --progress -o routes.sol

.PHONY: deps run solve test test-examples service docs bench plan fuzz-smoke

deps:
	@missing=""; \
	[ -f /usr/include/glpk.h ] || missing="$$missing libglpk-dev"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

run: deps
	swift run -c release waste-route plan $(PLAN_ARGS)

solve: deps
	swift run -c release waste-route solve $(SOLVE_ARGS)

test: deps
	swift test
	$(MAKE) test-examples

# The reference service is its own package (it depends on this one by path and on Hummingbird 2).
test-examples: deps
	swift test --package-path Examples/RouteService

SERVICE_ARGS ?= --data-folder fixtures/helsinki --port 8080
service: deps
	swift run -c release --package-path Examples/RouteService route-service $(SERVICE_ARGS)

docs: deps
	swift package generate-documentation --target WasteRouting

bench: deps
	swift run -c release waste-route-bench $(BENCH_ARGS)

plan: deps
	swift run -c release waste-route plan $(PLAN_ARGS)

# libFuzzer smoke: every fuzz target of Benchmarks/fuzz for 6 seconds (Benchmarks/fuzz.sh MINUTES for longer).
fuzz-smoke: deps
	bash Benchmarks/fuzz.sh 0.1
