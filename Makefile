# ffi-bench: what it costs to call C from Python, by each call path.
#
#   make                build everything into build/
#   make bench          check dependencies, build, measure, summarise, chart
#   make charts         re-render the charts from the last measurement
#   make reference      the reference run (results/reference) and README's tables
#   make readme         README.md's generated parts, from results/reference
#   make compare A=x B=y  compare two runs (results folders or calls.json.gz)
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

.PHONY: all bench bench-instr measure charts report reference readme compare stability validate memcheck test clean FORCE
.DELETE_ON_ERROR:

all: $(TARGETS)

# The flags and tools in use, rewritten only when they change, so that a change
# of flags rebuilds everything and the results can record what was used.
# Its temporary file is named after the shell's pid: two makes at once must
# not take each other's.
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
	  echo "python_libdir=$(PY_LIBDIR)"; } > $@.$$$$.new; \
	if cmp -s $@.$$$$.new $@; then rm -f $@.$$$$.new; else mv $@.$$$$.new $@; fi

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
# make bench runs the pipeline (harness/bench.py): measure with both driver
# front-ends, time whole processes, chart, report, publish.  Its settings go
# through the environment, so that BENCH_ARGS reaches it as typed (a regular
# expression with | or ( needs one level of quotes, the shell's).
export RESULTS QUICK BENCH_ARGS PIN FRONTEND CHECK V
bench: all
	$(Q)$(PYTHON) harness/bench.py

# The measuring stages alone (no whole processes, charts or report).
measure: all
	$(Q)$(PYTHON) harness/bench.py --measure-only

# Re-render the charts, or the report, of a results folder (RESULTS=).
charts:
	$(Q)$(PYTHON) harness/charts.py $(RESULTS)

report:
	$(Q)$(PYTHON) harness/report.py $(RESULTS)

# The reference run README.md shows: a full run into results/reference, and
# a QUICK run whose metadata (its wall time) is kept beside it; then the
# README's generated parts.  `make readme` alone regenerates those parts.
REFERENCE := results/reference
reference: all
	$(Q)$(MAKE) --no-print-directory bench RESULTS=$(REFERENCE)
	$(Q)$(MAKE) --no-print-directory bench QUICK=1 RESULTS=$(BUILD)/quick-reference
	$(Q)cp $(BUILD)/quick-reference/metadata.json $(REFERENCE)/quick_metadata.json
	$(Q)$(PYTHON) harness/readme.py $(REFERENCE)

readme:
	$(Q)$(PYTHON) harness/readme.py $(REFERENCE)

# The driver, as bench-instr runs it: a shell function, drive FRONTEND
# FLAGS..., under $$WRAP if set.  The hosted driver runs with -I (or
# $$PYFLAGS), isolated from PYTHON* variables and the user's site, as
# PyConfig isolates the embedded one.
DRIVE = drive() { frontend=$$1; shift; \
	  if [ $$frontend = hosted ]; then $$WRAP $(PYTHON) $${PYFLAGS:--I} harness/hosted_driver.py "$$@"; \
	  else $$WRAP $(DRIVER) --root=$(CURDIR) "$$@"; fi; }
# The front-ends as "HEADLINE CHECK", into the shell's $$1 and $$2.
CHOOSE_FRONTENDS = choice=$$($(PYTHON) harness/frontends.py choose $(DRIVER) $(FRONTEND)); set -- $$choice

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
	$(PYTHON) harness/instr.py $(INSTR_DIR) $(RESULTS)/instr.csv $$1 $(DRIVER); \
	$(PYTHON) harness/charts.py $(RESULTS) instr

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

# make compare A=results/reference B=results: Markdown on standard output.
compare:
	$(if $(and $(A),$(B)),,$(error usage: make compare A=<reference: a results folder or its \
	  calls.json.gz> B=<the other>, e.g. A=results/reference B=results))
	@$(PYTHON) harness/compare.py $(A) $(B)

# --- tests ---
test: all
	$(if $(HAVE_PYTEST),,$(error make test needs pytest: $(SKIP_PYTEST)))
	$(SAN_ENV) $(PYTHON) -m pytest $(SAN_PYTEST) tests

clean:
	rm -rf $(BUILD)

FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
