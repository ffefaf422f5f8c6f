# ffi-bench: what it costs to call C from Python, by each call path.
#
#   make                build everything into build/
#   make bench          check dependencies, build, measure, summarise, chart
#   make charts         re-render the charts from the last measurement
#   make test           the test suite (pytest)
#   make clean          remove build/ (results/ is kept)
#
# Knobs: PYTHON=<interpreter> (default: Debian's /usr/bin/python3 where it
# exists), QUICK=1 (a fast, rough pass), BENCH_ARGS='--benchmark_...' (passed
# to Google Benchmark), RESULTS=<folder> (default: results), V=1 (show commands).

PYTHON ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,python3)
RESULTS ?= results
BUILD := build
BENCH_ARGS ?=

# --- flags, in named layers; the user's CFLAGS/CXXFLAGS/LDFLAGS stay free ---
# One set of C flags for every C file: the kernels and every binding's wrapper
# code are compiled alike, so that flags cannot explain a difference between
# paths.  Python's own sysconfig CFLAGS are deliberately not used.
STD := -std=c11
WARN := -Wall -Wextra -Wstrict-prototypes
OPT := -O2
FINAL_CFLAGS = $(STD) $(WARN) $(OPT) -fPIC $(CFLAGS)
FINAL_CXXFLAGS = -std=c++17 -Wall -Wextra $(OPT) $(CXXFLAGS)
DEPFLAGS = -MMD -MP

# --- the chosen interpreter (read once) ---
PY_FACTS := $(shell $(PYTHON) -c 'import sysconfig as s; v = s.get_config_var; \
	print(s.get_paths()["include"], v("EXT_SUFFIX"), v("LIBDIR"), v("LDVERSION"))' 2>/dev/null)
PY_INCLUDE := $(word 1,$(PY_FACTS))
PY_EXT_SUFFIX := $(word 2,$(PY_FACTS))
PY_LIBDIR := $(word 3,$(PY_FACTS))
PY_LDVERSION := $(word 4,$(PY_FACTS))
ifeq ($(filter clean,$(MAKECMDGOALS))$(PY_EXT_SUFFIX),)
$(error PYTHON=$(PYTHON) does not run or has no sysconfig: pick another with PYTHON=)
endif
PY_CFLAGS = -I$(PY_INCLUDE)
# The driver embeds the interpreter: link its libpython from LIBDIR.
PY_EMBED_LIBS = -L$(PY_LIBDIR) -Wl,-rpath,$(PY_LIBDIR) -lpython$(PY_LDVERSION) -lm

# --- Google Benchmark settings: QUICK=1 trades precision for speed ---
ifeq ($(QUICK),1)
GB_DEFAULTS = --benchmark_repetitions=3 --benchmark_min_time=0.02 --benchmark_min_warmup_time=0.02
else
GB_DEFAULTS = --benchmark_repetitions=10 --benchmark_min_time=0.1 --benchmark_min_warmup_time=0.1
endif
GB_DEFAULTS += --benchmark_display_aggregates_only=true

# --- quiet by default, V=1 shows commands ---
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-8s %s\n' $(1) $(2)
endif

# --- what is built ---
KERNELS_OBJ := $(BUILD)/kernels.o
LIBKERNELS := $(BUILD)/libkernels.so
CAPI_EXT := $(BUILD)/ffibench_capi$(PY_EXT_SUFFIX)
DRIVER := $(BUILD)/ffibench-driver
DRIVER_OBJS := $(BUILD)/harness/driver.o $(BUILD)/harness/gbench.o
BUILD_INFO := $(BUILD)/build-info.txt
DEPS_OK := $(BUILD)/deps.ok
TARGETS := $(LIBKERNELS) $(CAPI_EXT) $(DRIVER)

.PHONY: all bench measure charts test deps clean FORCE
.DELETE_ON_ERROR:

all: $(TARGETS)

# Dependency check, once per build folder (make clean to check again).
deps: $(DEPS_OK)
$(DEPS_OK): harness/check_deps.sh
	$(call say,CHECK,dependencies)
	$(Q)CC="$(CC)" CXX="$(CXX)" sh harness/check_deps.sh "$(PYTHON)" "$(PY_INCLUDE)"
	$(Q)mkdir -p $(@D) && touch $@

# The flags and tools in use, rewritten only when they change, so that a change
# of flags rebuilds everything and the results can record what was used.
$(BUILD_INFO): FORCE | $(DEPS_OK)
	$(Q)mkdir -p $(@D)
	$(Q){ echo "cc=$(CC)"; echo "cc_version=$$($(CC) --version | head -n 1)"; \
	  echo "cflags=$(FINAL_CFLAGS)"; echo "cxx=$(CXX)"; \
	  echo "cxxflags=$(FINAL_CXXFLAGS)"; echo "ldflags=$(LDFLAGS)"; \
	  echo "python=$(PYTHON)"; echo "python_include=$(PY_INCLUDE)"; \
	  echo "python_libdir=$(PY_LIBDIR)"; } > $@.new
	$(Q)if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

# The one kernel object: compiled once, linked into every binary below.
$(KERNELS_OBJ): kernels/kernels.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)$(CC) $(FINAL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIBKERNELS): $(KERNELS_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) -shared $(LDFLAGS) -o $@ $^

# Extension modules: the wrapper, the kernel object, and a version script that
# exports only PyInit_* (see ext/exports.map).  No setuptools: the same flags.
$(BUILD)/ext/%.o: ext/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PY_CFLAGS) -Ikernels $(DEPFLAGS) -c $< -o $@

$(CAPI_EXT): $(BUILD)/ext/capi.o $(KERNELS_OBJ) ext/exports.map
	$(call say,LINK,$@)
	$(Q)$(CC) -shared $(LDFLAGS) -Wl,--version-script=ext/exports.map -o $@ \
	    $(BUILD)/ext/capi.o $(KERNELS_OBJ)

# The driver: C, embedding CPython, over the C++ Google Benchmark wrapper.
$(BUILD)/harness/driver.o: harness/driver.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PY_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/harness/gbench.o: harness/gbench.cc $(BUILD_INFO)
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) $(DEPFLAGS) -c $< -o $@

$(DRIVER): $(DRIVER_OBJS)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark -lpthread $(PY_EMBED_LIBS)

# --- measuring and showing ---
bench: all
	+$(Q)$(MAKE) --no-print-directory measure
	+$(Q)$(MAKE) --no-print-directory charts
	@echo "results in $(RESULTS)/: calls.json summary.csv calls.svg calls.png"

# Always runs the driver; the JSON is renamed into place only when complete, so
# an interrupted run leaves the previous results as they were.
measure: all
	@echo "== measuring every call path ($(if $(filter 1,$(QUICK)),QUICK pass,full run)) =="
	$(Q)mkdir -p $(RESULTS)
	$(Q)$(DRIVER) --root=$(CURDIR) $(GB_DEFAULTS) \
	    --benchmark_out=$(RESULTS)/calls.json.part --benchmark_out_format=json \
	    $(BENCH_ARGS)
	$(Q)mv $(RESULTS)/calls.json.part $(RESULTS)/calls.json
	$(Q)$(PYTHON) harness/summarize.py $(RESULTS)/calls.json $(RESULTS)/summary.csv

$(RESULTS)/calls.json $(RESULTS)/summary.csv:
	@echo "no measurements in $(RESULTS)/: run 'make bench' first" >&2; exit 1

charts: $(RESULTS)/calls.svg $(RESULTS)/calls.png

$(BUILD)/plot/calls.dat: $(RESULTS)/summary.csv $(RESULTS)/calls.json harness/plotdata.py
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/plotdata.py $(RESULTS)/summary.csv $(RESULTS)/calls.json $@

$(RESULTS)/calls.%: $(BUILD)/plot/calls.dat harness/plots/calls.gp
	$(call say,GNUPLOT,$@)
	$(Q)gnuplot -e 'data="$<"; vars="$<.gp"; fmt="$*"; out="$@.part"' harness/plots/calls.gp
	$(Q)mv $@.part $@

# --- tests ---
test: all
	$(PYTHON) -m pytest tests

clean:
	rm -rf $(BUILD)

FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
