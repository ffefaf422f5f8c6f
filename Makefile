# ffi-bench: what it costs to call C from Python, by each call path.
#
#   make                build everything into build/
#   make bench          check dependencies, build, measure, summarise, chart
#   make charts         re-render the charts from the last measurement
#   make compare A=x.json B=y.json   compare two runs' calls.json (Markdown)
#   make validate       the driver's figures beside an independent timeit
#   make bench-instr    instructions per call under callgrind (deterministic)
#   make stability      three full runs: how much each row's median moves
#   make memcheck       valgrind memcheck over a short driver run
#   make test           the test suite (pytest)
#   make clean          remove build/ (results/ is kept)
#
# Knobs: PYTHON=<interpreter> (default: Debian's /usr/bin/python3 where it
# exists), QUICK=1 (a fast, rough pass), BENCH_ARGS='--benchmark_...' (passed
# to Google Benchmark), RESULTS=<folder> (default: results), PIN=<cpu> (run the
# driver on that CPU only), FRONTEND=embedded|hosted (which driver front-end
# gives the headline; default: the one running $(PYTHON)'s interpreter code),
# CHECK=0 (no check run with the other front-end), SANITIZER=address,undefined
# (build with ASan/UBSan; for make test), V=1 (show commands).

PYTHON ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,python3)
RESULTS ?= results
BUILD := build
BENCH_ARGS ?=
.DEFAULT_GOAL := all

# --- flags, in named layers; the user's CFLAGS/CXXFLAGS/LDFLAGS stay free ---
# One set of C flags for every C file: the kernels and every binding's wrapper
# code are compiled alike, so that flags cannot explain a difference between
# paths.  Python's own sysconfig CFLAGS are deliberately not used.
STD := -std=c11
WARN := -Wall -Wextra -Wstrict-prototypes
OPT := -O2
FINAL_CFLAGS = $(STD) $(WARN) $(OPT) -fPIC $(SAN_FLAGS) $(CFLAGS)
FINAL_CXXFLAGS = -std=c++17 -Wall -Wextra $(OPT) $(SAN_FLAGS) $(CXXFLAGS)
FINAL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
DEPFLAGS = -MMD -MP

# --- SANITIZER=address,undefined: every C and C++ object (kernels, extension
# modules, driver) built with ASan and/or UBSan; `make test` then runs the
# suite with the ASan runtime preloaded into python3 (which is not built with
# it), leak detection off (the interpreter keeps memory at exit by design: the
# leak tests and `make memcheck` look at leaks), and UBSan fatal.  The flags
# differ from a plain build's, so switching rebuilds everything.
SANITIZERS := address undefined
comma := ,
empty :=
space := $(empty) $(empty)
SANITIZER_LIST := $(subst $(comma), ,$(SANITIZER))
ifneq ($(filter-out $(SANITIZERS),$(SANITIZER_LIST)),)
$(error SANITIZER=$(SANITIZER): unknown $(filter-out $(SANITIZERS),$(SANITIZER_LIST)); \
	use address, undefined or address$(comma)undefined)
endif
ifneq ($(SANITIZER_LIST),)
SAN_FLAGS = -fsanitize=$(subst $(space),$(comma),$(strip $(SANITIZER_LIST))) -fno-omit-frame-pointer -g \
	$(if $(filter undefined,$(SANITIZER_LIST)),-fno-sanitize-recover=undefined)
# libstdc++ is preloaded with the ASan runtime: loaded later (by the pybind11
# module), its __cxa_throw escapes ASan's interceptor and a C++ throw aborts.
# pytest's --capture=sys lets a sanitizer's report (written to fd 2) through.
SAN_ENV = FFIBENCH_SANITIZER=$(SANITIZER) PYTHONMALLOC=malloc \
	$(if $(filter address,$(SANITIZER_LIST)),LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) \
	  $$($(CXX) -print-file-name=libstdc++.so)" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1) \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SAN_PYTEST = --capture=sys
endif

# --- the chosen interpreter (read once) ---
PY_FACTS := $(shell $(PYTHON) -c 'import sys, sysconfig as s; v = s.get_config_var; \
	print(s.get_paths()["include"], v("EXT_SUFFIX"), v("LIBDIR"), v("LDVERSION"), \
	"0x%02x%02x0000" % sys.version_info[:2])' 2>/dev/null)
PY_INCLUDE := $(word 1,$(PY_FACTS))
PY_EXT_SUFFIX := $(word 2,$(PY_FACTS))
PY_LIBDIR := $(word 3,$(PY_FACTS))
PY_LDVERSION := $(word 4,$(PY_FACTS))
PY_LIMITED_API := $(word 5,$(PY_FACTS))
ifeq ($(filter clean,$(MAKECMDGOALS))$(PY_EXT_SUFFIX),)
$(error PYTHON=$(PYTHON) does not run or has no sysconfig: pick another with PYTHON=)
endif
PY_CFLAGS = -I$(PY_INCLUDE)
# The driver embeds the interpreter: link its libpython from LIBDIR.
PY_EMBED_LIBS = -L$(PY_LIBDIR) -Wl,-rpath,$(PY_LIBDIR) -lpython$(PY_LDVERSION) -lm

# --- dependencies: checked (and installed, as root) before anything is built ---
# check_deps.sh writes which optional bindings (cffi, Cython, pybind11) can be
# built; make builds this file first, then restarts with it read.
CONFIG_MK := $(BUILD)/config.mk
ifeq ($(filter clean,$(MAKECMDGOALS)),)
include $(CONFIG_MK)
endif
$(CONFIG_MK): harness/check_deps.sh $(if $(filter $(PYTHON),$(CONFIG_PYTHON)),,FORCE)
	$(call say,CHECK,dependencies)
	$(Q)mkdir -p $(@D)
	$(Q)CC="$(CC)" CXX="$(CXX)" sh harness/check_deps.sh "$(PYTHON)" "$(PY_INCLUDE)" $@

# --- Google Benchmark settings: QUICK=1 trades precision for speed ---
ifeq ($(QUICK),1)
GB_DEFAULTS = --benchmark_repetitions=3 --benchmark_min_time=0.003 --benchmark_min_warmup_time=0.002
else
# Random interleaving runs the repetitions of all rows in a random order, so
# that a slow spell of the machine spreads over many rows instead of one.
GB_DEFAULTS = --benchmark_repetitions=5 --benchmark_min_time=0.04 --benchmark_min_warmup_time=0.02 \
	--benchmark_enable_random_interleaving=true
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
# The driver library (harness/driver.c) has two front-ends: an executable
# that embeds libpython, and an extension module that $(PYTHON) imports
# (harness/hosted_driver.py).  Same objects, same flags.
DRIVER := $(BUILD)/ffibench-driver
HOSTED_DRIVER := $(BUILD)/ffibench_driver$(PY_EXT_SUFFIX)
DRIVER_LIB_OBJS := $(BUILD)/harness/driver.o $(BUILD)/harness/gbench.o
BUILD_INFO := $(BUILD)/build-info.txt
GEN := $(BUILD)/gen

# Extension modules, each linking build/kernels.o.  The optional ones are
# built when check_deps.sh found their tool; otherwise the registry reports
# their paths as skipped, with the reason from $(CONFIG_MK).
CAPI_EXT := $(BUILD)/ffibench_capi$(PY_EXT_SUFFIX)
ABI3_EXT := $(BUILD)/ffibench_abi3.abi3.so
DIRECT_EXT := $(BUILD)/ffibench_direct$(PY_EXT_SUFFIX)
CFFI_EXT := $(BUILD)/ffibench_cffi$(PY_EXT_SUFFIX)
CYTHON_EXT := $(BUILD)/ffibench_cython$(PY_EXT_SUFFIX)
PYBIND11_EXT := $(BUILD)/ffibench_pybind11$(PY_EXT_SUFFIX)
EXTENSIONS := $(CAPI_EXT) $(ABI3_EXT) $(DIRECT_EXT) \
	$(if $(HAVE_CFFI),$(CFFI_EXT)) $(if $(HAVE_CYTHON),$(CYTHON_EXT)) \
	$(if $(HAVE_PYBIND11),$(PYBIND11_EXT))
TARGETS := $(LIBKERNELS) $(EXTENSIONS) $(DRIVER) $(HOSTED_DRIVER)

# Per-module extra flags.  None of them changes code generation: the stable
# ABI build selects other declarations from Python.h, and Cython's generated C
# (not ours to fix) has one unused parameter.
EXT_CFLAGS_capi :=
EXT_CFLAGS_capi_abi3 := -DPy_LIMITED_API=$(PY_LIMITED_API)
EXT_CFLAGS_direct := -Iharness
EXT_CFLAGS_cffi :=
EXT_CFLAGS_cython := -Wno-unused-parameter
# pybind11 asks for hidden visibility; the kernels are local in every module
# anyway (ext/exports.map), so this changes nothing in how they are called.
EXT_CXXFLAGS_pybind11 := -fvisibility=hidden

.PHONY: all bench bench-instr measure processes charts report compare stability validate memcheck test clean FORCE
.DELETE_ON_ERROR:

all: $(TARGETS)

# The flags and tools in use, rewritten only when they change, so that a change
# of flags rebuilds everything and the results can record what was used.
$(BUILD_INFO): FORCE | $(CONFIG_MK)
	$(Q){ echo "cc=$(CC)"; echo "cc_version=$$($(CC) --version | head -n 1)"; \
	  echo "cflags=$(FINAL_CFLAGS)"; echo "cxx=$(CXX)"; \
	  echo "cxx_version=$$($(CXX) --version | head -n 1)"; \
	  echo "cxxflags=$(FINAL_CXXFLAGS)"; echo "ldflags=$(FINAL_LDFLAGS)"; \
	  $(foreach m,capi capi_abi3 direct cffi cython,echo "cflags_$(m)=$(FINAL_CFLAGS) $(EXT_CFLAGS_$(m))";) \
	  echo "cxxflags_pybind11=$(FINAL_CXXFLAGS) $(EXT_CXXFLAGS_pybind11)"; \
	  echo "cython_version=$$(cython3 --version 2>&1)"; \
	  echo "benchmark_version=$$(pkg-config --modversion benchmark 2>/dev/null || \
	    dpkg-query -W -f='$${Version}' libbenchmark-dev 2>/dev/null || echo unknown)"; \
	  echo "python=$(PYTHON)"; echo "python_include=$(PY_INCLUDE)"; \
	  echo "python_libdir=$(PY_LIBDIR)"; } > $@.new
	$(Q)if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

# The one kernel object: compiled once, linked into every binary below.
$(KERNELS_OBJ): kernels/kernels.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)$(CC) $(FINAL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIBKERNELS): $(KERNELS_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) -shared $(FINAL_LDFLAGS) -o $@ $^

# Extension objects: the same C flags as the kernels, plus the interpreter's
# headers.  No setuptools.
EXT_CC = $(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_$*) $(PY_CFLAGS) -Ikernels -Iext $(DEPFLAGS)

$(BUILD)/ext/%.o: ext/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

$(BUILD)/ext/capi_abi3.o: $(BUILD)/ext/%.o: ext/capi.c $(BUILD_INFO)
	$(call say,CC,"$< (abi3)")
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

$(BUILD)/ext/%.o: $(GEN)/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)$(EXT_CC) -c $< -o $@

$(BUILD)/ext/%.o: ext/ffibench_%.cpp $(BUILD_INFO)
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) -fPIC $(EXT_CXXFLAGS_$*) $(PY_CFLAGS) -Ikernels $(DEPFLAGS) -c $< -o $@

# Generated C: cffi's out-of-line API mode and Cython.
$(GEN)/cffi.c: cffi_bindings/build_cffi_api.py cffi_bindings/kernels_cdef.py kernels/kernels.h | $(CONFIG_MK)
	$(call say,CFFI,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) cffi_bindings/build_cffi_api.py $@

$(GEN)/cython.c: ext/ffibench_cython.pyx kernels/kernels.h | $(CONFIG_MK)
	$(call say,CYTHON,$<)
	$(Q)mkdir -p $(@D)
	$(Q)cython3 -3 -I kernels -o $@ $<

# Linking a module: its object, the kernel object, exports limited to PyInit_*
# (ext/exports.map); C++ modules link with the C++ driver.
define link_module
	$(call say,LINK,$@)
	$(Q)$(1) -shared $(FINAL_LDFLAGS) -Wl,--version-script=ext/exports.map -o $@ $(filter %.o,$^)
endef

$(CAPI_EXT): $(BUILD)/ext/capi.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CC))
$(ABI3_EXT): $(BUILD)/ext/capi_abi3.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CC))
$(DIRECT_EXT): $(BUILD)/ext/direct.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CC))
$(CFFI_EXT): $(BUILD)/ext/cffi.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CC))
$(CYTHON_EXT): $(BUILD)/ext/cython.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CC))
$(PYBIND11_EXT): $(BUILD)/ext/pybind11.o $(KERNELS_OBJ) ext/exports.map
	$(call link_module,$(CXX))

# The driver: C over the C++ Google Benchmark wrapper; position-independent
# throughout, since the hosted front-end is a shared object.
$(BUILD)/harness/%.o: harness/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PY_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/harness/gbench.o: harness/gbench.cc $(BUILD_INFO)
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) -fPIC $(DEPFLAGS) -c $< -o $@

$(DRIVER): $(BUILD)/harness/driver_main.o $(DRIVER_LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(FINAL_LDFLAGS) -o $@ $^ -lbenchmark -lpthread $(PY_EMBED_LIBS)

# Like every extension module: no libpython linked, only PyInit_* exported.
$(HOSTED_DRIVER): $(BUILD)/harness/driver_module.o $(DRIVER_LIB_OBJS) ext/exports.map
	$(call say,LINK,$@)
	$(Q)$(CXX) -shared $(FINAL_LDFLAGS) -Wl,--version-script=ext/exports.map -o $@ \
	    $(filter %.o,$^) -lbenchmark -lpthread

# --- measuring and showing ---
# Every stage writes into $(RESULTS).part/, published into $(RESULTS)/ only
# when all have finished (harness/publish.py): Ctrl-C, SIGTERM or a failure
# leaves $(RESULTS)/ as the previous run left it, and make exits non-zero.
BENCH_PART = $(patsubst %/,%,$(RESULTS)).part
bench: all
	$(Q)rm -rf $(BENCH_PART) && mkdir -p $(BENCH_PART)
	+$(Q)$(MAKE) --no-print-directory measure RESULTS=$(BENCH_PART)
	+$(Q)$(MAKE) --no-print-directory processes RESULTS=$(BENCH_PART)
	@echo "== charts =="
	+$(Q)$(MAKE) --no-print-directory charts RESULTS=$(BENCH_PART)
	+$(Q)$(MAKE) --no-print-directory report RESULTS=$(BENCH_PART)
	$(Q)$(PYTHON) harness/publish.py $(BENCH_PART) $(RESULTS)
	@echo "results in $(RESULTS)/: REPORT.md summary.csv metadata.json derived.csv frontends.csv coverage.csv \
	$(if $(HAVE_HYPERFINE),import.csv e2e.csv )calls.json check/ and the charts $(sort $(basename $(notdir $(CHARTS))))"

# The whole-process stage (hyperfine): the import cost of each binding and an
# end-to-end per-call figure per path, beside the driver's.  Without hyperfine
# it is skipped, with the reason, and the files of an older run are removed.
processes: all $(RESULTS)/summary.csv
ifeq ($(HAVE_HYPERFINE),1)
	@echo "== whole processes (hyperfine): import cost per binding, add_i64 end to end =="
	$(Q)$(PYTHON) harness/processes.py import $(RESULTS) $(QUICK)
	$(Q)$(PYTHON) harness/processes.py e2e $(RESULTS) $(QUICK)
else
	@echo "== whole processes: skipped, hyperfine is $(SKIP_HYPERFINE) =="
	$(Q)rm -f $(RESULTS)/import.csv $(RESULTS)/import.json $(RESULTS)/e2e.csv $(RESULTS)/e2e.json
endif

# REPORT.md: the tables, the charts, the environment, how to cite.
report: $(RESULTS)/summary.csv $(RESULTS)/metadata.json
	$(Q)$(PYTHON) harness/report.py $(RESULTS)

# Always runs the driver; the JSON is renamed into place only when complete, so
# an interrupted run leaves the previous results as they were.
#
# Two front-ends of the same driver code (harness/frontends.py says which runs
# the interpreter code $(PYTHON) runs: that one gives the headline figures).
# The other one then runs as a check, on the rows every path has, and
# frontends.csv gives the ratio of the two per path.  FRONTEND=embedded|hosted
# forces the headline one; CHECK=0 skips the check.
CHECK ?= 1
CHECK_ARGS := --benchmark_filter='^(empty|noop|add_i64|add_f64)/' --benchmark_repetitions=3
# A shell function: drive FRONTEND FLAGS... runs that front-end, under
# $$WRAP if set.  The hosted driver runs with -I (or $$PYFLAGS), isolated from
# PYTHON* variables and the user's site, as PyConfig isolates the embedded one.
DRIVE = drive() { frontend=$$1; shift; \
	  if [ $$frontend = hosted ]; then $$WRAP $(PYTHON) $${PYFLAGS:--I} harness/hosted_driver.py "$$@"; \
	  else $$WRAP $(DRIVER) --root=$(CURDIR) "$$@"; fi; }
# The front-ends as "HEADLINE CHECK", into the shell's $$1 and $$2.
CHOOSE_FRONTENDS = choice=$$($(PYTHON) harness/frontends.py choose $(DRIVER) $(FRONTEND)); set -- $$choice
PIN_FLAG = $(if $(PIN),--pin=$(PIN))
# Google Benchmark's table (six lines a row) goes to FOLDER/driver.log; the
# terminal gets the stages and the driver's progress lines.  V=1: all of it.
driver_log = $(if $(filter 1,$(V)),,> $(1)/driver.log)

measure: all
	$(Q)mkdir -p $(RESULTS)/check
	$(Q)set -e; $(DRIVE); \
	$(CHOOSE_FRONTENDS); \
	echo "== measuring every call path with the $$1 front-end ($(if $(filter 1,$(QUICK)),QUICK pass,full run)) =="; \
	drive $$1 $(PIN_FLAG) $(GB_DEFAULTS) --benchmark_out=$(RESULTS)/calls.json.part \
	    --benchmark_out_format=json $(BENCH_ARGS) $(call driver_log,$(RESULTS)); \
	mv $(RESULTS)/calls.json.part $(RESULTS)/calls.json; \
	rm -f $(RESULTS)/check/*; \
	if [ "$(CHECK)" != 0 ]; then \
	  echo "== checking with the $$2 front-end (noop, add_i64, add_f64 on every path) =="; \
	  drive $$2 $(PIN_FLAG) $(GB_DEFAULTS) $(CHECK_ARGS) --benchmark_out=$(RESULTS)/check/calls.json.part \
	      --benchmark_out_format=json $(BENCH_ARGS) $(call driver_log,$(RESULTS)/check); \
	  mv $(RESULTS)/check/calls.json.part $(RESULTS)/check/calls.json; \
	  $(PYTHON) harness/summarize.py $(RESULTS)/check/calls.json $(RESULTS)/check/summary.csv; \
	fi
	$(Q)$(PYTHON) harness/summarize.py $(RESULTS)/calls.json $(RESULTS)/summary.csv
	$(Q)$(PYTHON) harness/frontends.py compare $(RESULTS) $(DRIVER) $(FRONTEND)
	$(Q)$(PYTHON) harness/derive.py $(RESULTS)/summary.csv $(RESULTS)/derived.csv
	$(Q)$(PYTHON) harness/coverage.py $(RESULTS)/coverage.csv

$(RESULTS)/summary.csv $(RESULTS)/metadata.json:
	@echo "no measurements in $(RESULTS)/: run 'make bench' first" >&2; exit 1

# Rendering a chart: harness/plots/$(1).gp with the table (first prerequisite)
# and its settings, into a temporary file renamed when complete.
define render
	$(call say,GNUPLOT,$@)
	$(Q)gnuplot -e 'data="$<"; vars="$<.gp"; fmt="$*"; out="$@.part"' harness/plots/$(1).gp
	$(Q)mv $@.part $@
endef

# The tables the charts are drawn from, per results folder (so that charting
# one folder never reuses another's tables).
PLOT_DIR := $(BUILD)/plot/$(subst /,_,$(abspath $(RESULTS)))

# The dot charts (harness/plots/calls.gp): calls.* (interp mode) and
# calls_vectorcall.*, gil.* (the GIL-release pairs), slowdown.* (over the
# fastest C-API path), import.* (hyperfine's import costs); the sweep charts
# (harness/plots/sweep.gp): args.*, buffer.*.
SUMMARY_CHARTS := gil slowdown
SWEEP_CHARTS := args buffer
CHARTS := $(foreach c,calls calls_vectorcall $(SUMMARY_CHARTS) $(SWEEP_CHARTS) \
	$(if $(HAVE_HYPERFINE),import),$(RESULTS)/$(c).svg $(RESULTS)/$(c).png)
charts: $(CHARTS)

PLOT_INPUTS := $(RESULTS)/summary.csv $(RESULTS)/metadata.json harness/plotdata.py
$(PLOT_DIR)/calls.dat $(PLOT_DIR)/calls_vectorcall.dat: $(PLOT_INPUTS)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/plotdata.py calls $(if $(findstring vectorcall,$@),vectorcall,interp) \
	    $(RESULTS)/summary.csv $(RESULTS)/metadata.json $@

$(foreach c,$(SUMMARY_CHARTS) $(SWEEP_CHARTS),$(PLOT_DIR)/$(c).dat): $(PLOT_DIR)/%.dat: $(PLOT_INPUTS)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/plotdata.py $* $(RESULTS)/summary.csv $(RESULTS)/metadata.json $@

$(PLOT_DIR)/import.dat: $(RESULTS)/import.csv $(PLOT_INPUTS)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/plotdata.py import $(RESULTS)/import.csv $(RESULTS)/metadata.json $@

# chart_rules NAME SCRIPT: NAME.svg and NAME.png from $(PLOT_DIR)/NAME.dat.
define chart_rules
$(RESULTS)/$(1).svg $(RESULTS)/$(1).png: $(RESULTS)/$(1).%: $(PLOT_DIR)/$(1).dat harness/plots/$(2).gp
	$$(call render,$(2))
endef
$(foreach c,$(SWEEP_CHARTS),$(eval $(call chart_rules,$(c),sweep)))
$(foreach c,calls calls_vectorcall $(SUMMARY_CHARTS) import,$(eval $(call chart_rules,$(c),calls)))

# make validate: the driver's add_i64 figures beside timeit's in $(PYTHON);
# VALIDATE_PATHS=capi.fastcall,ctypes.cdll limits it to some paths.
validate: all
	@$(PYTHON) harness/validate.py $(RESULTS)/summary.csv $(VALIDATE_PATHS)

# make bench-instr: instructions per call under callgrind, with the front-end
# that gives the headline figures, deterministic: ASLR off with setarch where
# the machine allows it, the str hash seed fixed (PYTHONHASHSEED=0 for the
# hosted driver, which runs in a cleared environment with -s instead of -I,
# since -I would ignore the seed; PyConfig for the embedded one).
# INSTR=text limits it to the rows whose name contains text (and baselines).
INSTR_DIR := $(BUILD)/instr
NO_ASLR := $(shell setarch $$(uname -m) -R true 2>/dev/null && echo setarch $$(uname -m) -R)
bench-instr: all
	$(if $(HAVE_VALGRIND),,$(error make bench-instr needs valgrind: $(SKIP_VALGRIND)))
	$(Q)rm -rf $(INSTR_DIR) && mkdir -p $(INSTR_DIR) $(RESULTS)
	$(Q)set -e; $(DRIVE); $(CHOOSE_FRONTENDS); \
	echo "== counting instructions per call under callgrind, $$1 front-end$(if $(NO_ASLR),, (ASLR on: counts may vary slightly)) =="; \
	WRAP="env -i PATH=$$PATH PYTHONHASHSEED=0 $(NO_ASLR) valgrind -q --tool=callgrind \
	    --collect-atstart=no --callgrind-out-file=$(INSTR_DIR)/cg.out" PYFLAGS=-s \
	    drive $$1 --instr$(if $(INSTR),=$(INSTR)); \
	$(PYTHON) harness/instr.py $(INSTR_DIR) $(RESULTS)/instr.csv $$1 $(DRIVER)
	+$(Q)$(MAKE) --no-print-directory $(RESULTS)/instr.svg $(RESULTS)/instr.png

$(PLOT_DIR)/instr.dat: $(RESULTS)/instr.csv harness/plotdata.py
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/plotdata.py instr interp $(RESULTS)/instr.csv $(RESULTS)/instr_metadata.json $@

$(eval $(call chart_rules,instr,calls))

# make memcheck: valgrind's memcheck over a short run of the driver (the
# hosted front-end, rows of noop, add_i64, add_f64 and the baselines, one short
# repetition each), PYTHONMALLOC=malloc so that memcheck sees every Python
# allocation (hence -s and a cleared environment instead of -I, which would
# ignore it); harness/memcheck.py then fails on a definite leak or a memory
# error in the toolkit's own code, and counts the interpreter's.
MEMCHECK_LOG := $(BUILD)/memcheck.log
memcheck: all
	$(if $(HAVE_VALGRIND),,$(error make memcheck needs valgrind: $(SKIP_VALGRIND)))
	$(if $(SANITIZER),$(error make memcheck cannot run a SANITIZER build))
	@echo "== valgrind memcheck over a short driver run (about 15 s) =="
	$(Q)env -i PATH="$$PATH" PYTHONMALLOC=malloc valgrind --tool=memcheck --leak-check=full \
	    --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=40 \
	    --log-file=$(MEMCHECK_LOG) $(PYTHON) -s harness/hosted_driver.py \
	    --benchmark_filter='^(empty|noop|add_i64|add_f64)/' --benchmark_min_time=0.0002 \
	    --benchmark_repetitions=1 --progress=1000 > /dev/null
	$(Q)$(PYTHON) harness/memcheck.py $(MEMCHECK_LOG)

# make stability: three back-to-back full runs (about 10 minutes), then how
# much each row's median moved between them, and the wall time of each.
STABILITY_DIR := $(BUILD)/stability
stability: all
	$(Q)rm -rf $(STABILITY_DIR) && mkdir -p $(STABILITY_DIR)
	$(Q)for run in 1 2 3; do \
	  start=$$(date +%s); \
	  $(MAKE) --no-print-directory bench RESULTS=$(STABILITY_DIR)/run$$run > $(STABILITY_DIR).run$$run.log 2>&1 \
	    || { echo "run $$run failed: see $(STABILITY_DIR).run$$run.log"; exit 1; }; \
	  echo $$(( $$(date +%s) - start )) > $(STABILITY_DIR)/run$$run/wall_seconds; \
	  echo "run $$run of 3 done"; \
	done
	$(Q)$(PYTHON) harness/stability.py $(STABILITY_DIR)/run1 $(STABILITY_DIR)/run2 $(STABILITY_DIR)/run3

# make compare A=old.json B=new.json: Markdown on standard output.
compare:
	$(if $(and $(A),$(B)),,$(error usage: make compare A=<reference calls.json> B=<other calls.json>))
	@$(PYTHON) harness/compare.py $(A) $(B)

# --- tests ---
test: all
	$(if $(HAVE_PYTEST),,$(error make test needs pytest: $(SKIP_PYTEST)))
	$(SAN_ENV) $(PYTHON) -m pytest $(SAN_PYTEST) tests

clean:
	rm -rf $(BUILD)

FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
