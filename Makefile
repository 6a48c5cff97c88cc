# The two commands of the README, and their parts.
#   make run   — install what is missing, build (Release), start the server on :8000 (data in ./data)
#   make test  — install what is missing, build, run every test; then again under ASan+UBSan;
#                the deployment's tests; then every fuzz target for a minute (make fuzz)
#   make fuzz  — build the libFuzzer targets (clang, its own build-fuzz) and run each for
#                FUZZ_SECONDS (default 60), two at a time; fails on any crash, leak or UB
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2

.PHONY: run test build build-server build-asan test-release test-asan test-infra bootstrap bootstrap-test bench fuzz build-fuzz clean format

run: bootstrap build-server
	@echo "Starting ChronoTrail on port $${PORT:-8000} (data in $${CHRONOTRAIL_DATA_DIR:-./data})."
	@echo "Get a token in another terminal: build/chronotrail token create --email you@example.com"
	OMP_THREAD_LIMIT=$${OMP_THREAD_LIMIT:-1} exec build/chronotrail serve

test: bootstrap-test test-release test-asan test-infra fuzz

bootstrap:
	@scripts/bootstrap run

bootstrap-test:
	@scripts/bootstrap test

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

# Only the server binary: what `make run` needs.
build-server:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS) --target chronotrail

build-asan:
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCHRONOTRAIL_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS)

test-release: build
	cd build && ctest --output-on-failure -j $(JOBS)

# halt_on_error makes any sanitizer report fail the test that caused it.
test-asan: build-asan
	cd build-asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The deployment: the CDK app's assertions (every environment synthesised offline) and
# scripts/deploy.sh against stand-in aws/docker/cdk. scripts/check-image (builds and runs the
# container, ~10 min) is too slow for every run and stays out of here.
test-infra: bootstrap-test
	cd infrastructure/cdk && npm test --silent
	tests/deploy/deploy_test.sh

bench: bootstrap-test build-server
	bench/http/run

# The fuzz targets of fuzz/ (issue #8): only the sources they reach, with clang's libFuzzer.
build-fuzz: bootstrap-test
	@cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-14 $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) fuzz/run build-fuzz

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')

clean:
	rm -rf build build-asan build-fuzz infrastructure/cdk/dist infrastructure/cdk/cdk.out
